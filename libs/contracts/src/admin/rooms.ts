import { Type, type Static } from '@sinclair/typebox';
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
    createdAt: Type.Integer(),
    closedAt: Type.Optional(Type.Integer()),
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
export const RoomViewSchema = Type.Composite([RoomRecordSchema, Type.Object({ online: Type.Integer({ minimum: 0 }) })]);
export interface RoomView extends RoomRecord {
  online: number;
}
