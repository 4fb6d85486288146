import { Type, type Static } from '@sinclair/typebox';
import { TimestampSchema } from '../bounds';
import { UserIdSchema } from '../ids';
import { createValidator } from '../validation';

/** Body of ban / mute / kick calls. */
export const ModerationBodySchema = Type.Object(
  {
    userId: UserIdSchema,
    reason: Type.Optional(Type.String({ maxLength: 200 })),
    durationSec: Type.Optional(Type.Integer({ minimum: 1, maximum: 31_536_000, description: 'omit for permanent' })),
  },
  { additionalProperties: false },
);
export type ModerationBody = Static<typeof ModerationBodySchema>;
export const moderationBody = createValidator(ModerationBodySchema);

/** A ban or mute as kept in the moderation KV bucket. */
export const ModerationRecordSchema = Type.Object(
  {
    by: UserIdSchema,
    at: TimestampSchema(),
    until: Type.Optional(TimestampSchema()),
    reason: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type ModerationRecord = Static<typeof ModerationRecordSchema>;
export const moderationRecord = createValidator(ModerationRecordSchema);

/** Whether a ban/mute record is in force at `now`. */
export function isInForce(record: ModerationRecord, now: number): boolean {
  return record.until === undefined || record.until > now;
}
