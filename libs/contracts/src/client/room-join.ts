import { Type } from '@sinclair/typebox';
import { RoomIdSchema } from '../ids';
import type { ChatMessage } from '../message';
import { createValidator } from '../validation';

export const RoomJoinRequestSchema = Type.Object(
  {
    roomId: RoomIdSchema,
    sinceSeq: Type.Optional(Type.Integer({ minimum: 0, description: 'last sequence the client saw; catch-up starts after it' })),
  },
  { additionalProperties: false },
);
/** Written out from the schema (wire.generated.ts). */
export type { RoomJoinRequest } from './wire.generated';
export const roomJoinRequest = createValidator(RoomJoinRequestSchema);

/** What a successful join acks with. */
export interface RoomJoinResult {
  room: { id: string; title: string; online: number };
  /** Recent history, or everything after `sinceSeq`, oldest first, bounded. */
  history: ChatMessage[];
  /** True when more was missed than history holds: the client should show "some messages skipped". */
  truncated: boolean;
  /** Stream sequence of the newest message the join knows of (0 for an empty room). */
  lastSeq: number;
}
