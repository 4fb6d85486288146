import { Type, type Static } from '@sinclair/typebox';
import { SeqSchema, TimestampSchema } from './bounds';
import { ErrorCode, LivecastError } from './errors';
import { PrincipalSchema, RoomIdSchema } from './ids';
import { createValidator } from './validation';

export const MESSAGE_KINDS = ['chat', 'gift', 'like', 'system'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
export const MessageKindSchema = Type.Union(MESSAGE_KINDS.map((k) => Type.Literal(k)));

/** Kinds only the room's host, moderators and admins may send. */
export const PRIVILEGED_KINDS: ReadonlySet<MessageKind> = new Set<MessageKind>(['system']);

/** Longest text accepted, counted in code points after NFC normalization. */
export const MAX_TEXT_CHARS = 500;
/** Raw cap before normalization, so a huge string is refused before any work on it. */
export const MAX_RAW_TEXT_CHARS = 4 * MAX_TEXT_CHARS;

export const ClientMsgIdSchema = Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$', description: 'client-chosen id, unique per user; retries reuse it' });

// C0/C1 controls except tab/newline, plus bidi overrides that can disguise text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/** Normalizes message text (NFC, trimmed) or throws INVALID / TOO_LONG. Shared by ingest and the SDK. */
export function normalizeText(raw: string, kind: MessageKind): string {
  if (FORBIDDEN_CHARS.test(raw)) {
    throw new LivecastError(ErrorCode.Invalid, 'text: control characters are not allowed', 'text');
  }
  const text = raw.normalize('NFC').trim();
  let length = 0;
  for (const _ of text) length++;
  if (length > MAX_TEXT_CHARS) {
    throw new LivecastError(ErrorCode.TooLong, `text: at most ${MAX_TEXT_CHARS} characters`, 'text');
  }
  if (length === 0 && kind !== 'like') {
    throw new LivecastError(ErrorCode.Invalid, 'text: must not be empty', 'text');
  }
  return text;
}

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
export type ChatMessage = Static<typeof ChatMessageSchema>;
/** The check of a stored message's body (the stream's contract). */
export const chatMessage = createValidator(ChatMessageSchema);
