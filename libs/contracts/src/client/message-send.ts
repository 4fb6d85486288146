import { Type, type Static } from '@sinclair/typebox';
import { RoomIdSchema } from '../ids';
import { ClientMsgIdSchema, MAX_RAW_TEXT_CHARS, MessageKindSchema, type ChatMessage } from '../message';
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
export type MessageSendRequest = Static<typeof MessageSendRequestSchema>;
export const messageSendRequest = createValidator(MessageSendRequestSchema);

/** Ack body of an accepted message: its place in the room's history and the sender's echo. */
export interface MessageSendResult {
  seq: number;
  /** True when this was a retry of an already accepted clientMsgId. */
  duplicate: boolean;
  /** The accepted message as viewers see it: the sender's own echo, never shaped away (ADR 0007). */
  message: ChatMessage;
}
