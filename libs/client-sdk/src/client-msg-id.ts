/** The part of Web Crypto the id generator uses. */
export type RandomSource = Partial<Pick<Crypto, 'randomUUID' | 'getRandomValues'>>;

/**
 * A new client message id (what ingest de-duplicates retries by): a UUID from
 * `crypto.randomUUID` where available (it is missing outside secure browser contexts),
 * else 128 random bits from `getRandomValues`, else from Math.random as a last resort.
 */
export function newClientMsgId(source: RandomSource | undefined = (globalThis as { crypto?: RandomSource }).crypto): string {
  if (typeof source?.randomUUID === 'function') return source.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof source?.getRandomValues === 'function') source.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return `c-${Date.now().toString(36)}-${hex}`;
}
