import { Type, type Static } from '@sinclair/typebox';
import { CountSchema, TimestampSchema } from '../bounds';
import { RoomIdSchema, UserIdSchema } from '../ids';
import { createValidator } from '../validation';

export const RoomStatusSchema = Type.Union([Type.Literal('open'), Type.Literal('closed')]);

/** A room as kept in the rooms KV bucket. */
export const RoomRecordSchema = Type.Object(
  {
    id: RoomIdSchema,
    title: Type.String({ minLength: 1, maxLength: 200 }),
    hostId: UserIdSchema,
    status: RoomStatusSchema,
    createdAt: TimestampSchema(),
    closedAt: Type.Optional(TimestampSchema()),
  },
  { additionalProperties: false },
);
export type RoomRecord = Static<typeof RoomRecordSchema>;
export const roomRecord = createValidator(RoomRecordSchema);

/** `POST /rooms` body. The host defaults to the caller. */
export const CreateRoomBodySchema = Type.Object(
  {
    id: RoomIdSchema,
    title: Type.String({ minLength: 1, maxLength: 200 }),
    hostId: Type.Optional(UserIdSchema),
  },
  { additionalProperties: false },
);
export type CreateRoomBody = Static<typeof CreateRoomBodySchema>;
export const createRoomBody = createValidator(CreateRoomBodySchema);

/** A room as the admin API returns it. */
export const RoomViewSchema = Type.Composite([RoomRecordSchema, Type.Object({ online: CountSchema() })]);
export interface RoomView extends RoomRecord {
  online: number;
}
