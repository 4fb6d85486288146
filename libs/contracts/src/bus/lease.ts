import { Type, type Static } from '@sinclair/typebox';
import { SeqSchema, TimestampSchema } from '../bounds';
import { createValidator } from '../validation';

/** The longest lease a fan-out may take (LEASE_TTL_MS): a record expiring later than this from now is not a real lease. */
export const MAX_LEASE_TTL_MS = 60_000;

/**
 * Consumer slots per partition (see Names.partitionConsumer): an owner cut off from the
 * bus would pull from a successor's consumer only after this many takeovers.
 */
export const PARTITION_CONSUMER_SLOTS = 3;

/** A fan-out partition lease as kept in the leases KV bucket. */
export const LeaseRecordSchema = Type.Object(
  {
    owner: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
    expiresAt: TimestampSchema(),
    resumeAt: Type.Optional(SeqSchema(1, 'the stream seq where the next owner resumes when the partition has no consumer (its last owner acknowledged everything below it)')),
    consumerSlot: Type.Optional(
      Type.Integer({ minimum: 0, maximum: PARTITION_CONSUMER_SLOTS - 1, description: "the slot of the holder's partition consumer; the next owner takes the one after it" }),
    ),
  },
  { additionalProperties: false },
);
export type LeaseRecordValue = Static<typeof LeaseRecordSchema>;
export const leaseRecord = createValidator(LeaseRecordSchema);
