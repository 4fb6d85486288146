import { Type } from '@sinclair/typebox';
import { SeqSchema, TimestampSchema } from './bounds';
import { PrincipalSchema, RoomIdSchema } from './ids';
import { MAX_RAW_TEXT_CHARS, MESSAGE_KINDS } from './message-text';
import { createValidator } from './validation';

export const MessageKindSchema = Type.Union(MESSAGE_KINDS.map((k) => Type.Literal(k)));
export const ClientMsgIdSchema = Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$', description: 'client-chosen id, unique per user; retries reuse it' });

/** An accepted message as stored in the stream and carried in frames. */
export const ChatMessageSchema = Type.Object(
  {
    seq: SeqSchema(0, 'stream sequence; 0 inside the stored body, set from the stream when read'),
    roomId: RoomIdSchema,
    kind: MessageKindSchema,
    text: Type.String({ maxLength: MAX_RAW_TEXT_CHARS }),
    clientMsgId: ClientMsgIdSchema,
    from: PrincipalSchema,
    ts: TimestampSchema('accept time, ms since epoch'),
  },
  { additionalProperties: false },
);
/** Written out from the schema (wire.generated.ts). */
export type { ChatMessage } from './client/wire.generated';
/** The check of a stored message's body (the stream's contract). */
export const chatMessage = createValidator(ChatMessageSchema);
