import { Type } from '@sinclair/typebox';
import { RoomIdSchema } from '../ids';
import { createValidator } from '../validation';

export const RoomLeaveRequestSchema = Type.Object({ roomId: RoomIdSchema }, { additionalProperties: false });
/** Written out from the schema (wire.generated.ts). */
export type { RoomLeaveRequest } from './wire.generated';
export const roomLeaveRequest = createValidator(RoomLeaveRequestSchema);

/** A leave acks with nothing but `ok`. */
export type RoomLeaveResult = Record<string, never>;
