import { Type } from '@sinclair/typebox';
import { RoomIdSchema } from '../ids';
import { createValidator } from '../validation';

export const RoomLeaveRequestSchema = Type.Object({ roomId: RoomIdSchema }, { additionalProperties: false });
export interface RoomLeaveRequest {
  roomId: string;
}
export const roomLeaveRequest = createValidator(RoomLeaveRequestSchema);
