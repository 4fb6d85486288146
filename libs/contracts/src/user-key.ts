/** Ids that are already safe as a subject token, KV key part and Msg-Id part: kept as they are. */
const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Marks an encoded key; never part of a safe id, so the two kinds of key cannot collide. */
const ENCODED = '=';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const ENCODED_KEY = /^=[A-Za-z0-9_-]+$/;
const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The internal key of a user id, for NATS subject tokens, KV keys and de-duplication ids:
 * a safe id (`[A-Za-z0-9_-]{1,64}`) is its own key; any other id is `=` followed by the
 * base64url of its UTF-8 bytes. Collision-free (the mapping is injective and reversible
 * with `userIdOfKey`), and the key contains no `.`, `*`, `>`, `:` or space. The original id
 * is what messages, control events and the admin API show.
 */
export function userKey(userId: string): string {
  return SAFE_ID.test(userId) ? userId : ENCODED + toBase64Url(utf8.encode(userId));
}

/** The user id a key was made from; null for a string `userKey` cannot have produced. */
export function userIdOfKey(key: string): string | null {
  if (SAFE_ID.test(key)) return key;
  if (!ENCODED_KEY.test(key)) return null;
  const bytes = fromBase64Url(key.slice(ENCODED.length));
  if (bytes === null) return null;
  try {
    const userId = strictUtf8.decode(bytes);
    return userKey(userId) === key ? userId : null;
  } catch {
    return null;
  }
}

function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let c = 0; c < chars; c++) out += ALPHABET[(n >> (18 - 6 * c)) & 63];
  }
  return out;
}

function fromBase64Url(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  const bytes = new Uint8Array(Math.floor((text.length * 6) / 8));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const char of text) {
    value = (value << 6) | ALPHABET.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[at++] = (value >> bits) & 0xff;
      value &= (1 << bits) - 1;
    }
  }
  return bytes;
}
