import { Type } from '@sinclair/typebox';
import { RoomIdSchema } from '../ids';
import { ClientMsgIdSchema, MAX_RAW_TEXT_CHARS, MessageKindSchema, type MessageKind } from '../message';
import { createValidator } from '../validation';

export const MessageSendRequestSchema = Type.Object(
  {
    roomId: RoomIdSchema,
    clientMsgId: ClientMsgIdSchema,
    kind: MessageKindSchema,
    text: Type.String({ maxLength: MAX_RAW_TEXT_CHARS }),
  },
  { additionalProperties: false },
);
export interface MessageSendRequest {
  roomId: string;
  clientMsgId: string;
  kind: MessageKind;
  text: string;
}
export const messageSendRequest = createValidator(MessageSendRequestSchema);

/** Ack body of an accepted message: its place in the room's history. */
export interface MessageSendResult {
  seq: number;
  /** True when this was a retry of an already accepted clientMsgId. */
  duplicate: boolean;
}
