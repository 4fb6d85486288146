import { ErrorCode, LivecastError } from './errors';

export const MESSAGE_KINDS = ['chat', 'gift', 'like', 'system'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** Kinds only the room's host, moderators and admins may send. */
export const PRIVILEGED_KINDS: ReadonlySet<MessageKind> = new Set<MessageKind>(['system']);

/** Longest text accepted, counted in code points after NFC normalization. */
export const MAX_TEXT_CHARS = 500;
/** Raw cap before normalization, so a huge string is refused before any work on it. */
export const MAX_RAW_TEXT_CHARS = 4 * MAX_TEXT_CHARS;

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
