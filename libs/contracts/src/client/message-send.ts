import { Type } from '@sinclair/typebox';
import { RoomIdSchema } from '../ids';
import { ClientMsgIdSchema, MessageKindSchema, type ChatMessage } from '../message';
import { MAX_RAW_TEXT_CHARS } from '../message-text';
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
/** Written out from the schema (wire.generated.ts). */
export type { MessageSendRequest } from './wire.generated';
export const messageSendRequest = createValidator(MessageSendRequestSchema);

/** Ack body of an accepted message: its place in the room's history and the sender's echo. */
export interface MessageSendResult {
  seq: number;
  /** True when this was a retry of an already accepted clientMsgId. */
  duplicate: boolean;
  /** The accepted message as viewers see it: the sender's own echo, never shaped away (ADR 0007). */
  message: ChatMessage;
}
