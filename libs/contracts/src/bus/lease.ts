import { Type, type Static } from '@sinclair/typebox';
import { createValidator } from '../validation';

/** A fan-out partition lease as kept in the leases KV bucket. */
export const LeaseRecordSchema = Type.Object(
  {
    owner: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
    expiresAt: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type LeaseRecordValue = Static<typeof LeaseRecordSchema>;
export const leaseRecord = createValidator(LeaseRecordSchema);
