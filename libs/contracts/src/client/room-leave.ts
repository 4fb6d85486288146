import { Type, type Static } from '@sinclair/typebox';
import { RoomIdSchema } from '../ids';
import { createValidator } from '../validation';

export const RoomLeaveRequestSchema = Type.Object({ roomId: RoomIdSchema }, { additionalProperties: false });
export type RoomLeaveRequest = Static<typeof RoomLeaveRequestSchema>;
export const roomLeaveRequest = createValidator(RoomLeaveRequestSchema);

/** A leave acks with nothing but `ok`. */
export type RoomLeaveResult = Record<string, never>;
