import { ErrorCode, LivecastError } from '@livecast/contracts';
import { createLocalJWKSet, errors, type JSONWebKeySet, type JWSHeaderParameters, type KeyLike } from 'jose';

/** A JWKS larger than this is refused: a provider's set is a few kilobytes. */
const MAX_JWKS_BYTES = 256 * 1024;
/** Keys beyond this many in one set are ignored. */
const MAX_KEYS = 100;

/** Where the key set comes from and how often it may be fetched. */
export interface JwksSourceOptions {
  url: string;
  /** An unknown `kid` triggers a refetch at most this often (ms), so forged kids cannot flood the provider. */
  cooldownMs: number;
  /** A set older than this (ms) is refreshed in the background while the old one keeps serving. */
  maxAgeMs: number;
  /** A fetch that takes longer (ms) fails. */
  timeoutMs: number;
  /** Told about every failed fetch (the old set, if any, stays in use). */
  onError?: (err: unknown) => void;
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  now?: () => number;
}

type LocalSet = ReturnType<typeof createLocalJWKSet>;

/**
 * An identity provider's JSON Web Key Set, fetched over HTTP and kept: refetched when a
 * token names a `kid` the set lacks (rate-limited by `cooldownMs`) and when it is older than
 * `maxAgeMs`. A failed fetch keeps the last good set, so a provider that is briefly down
 * does not log anyone out; only with no set at all are tokens refused (UNAVAILABLE).
 */
export class JwksSource {
  private local?: LocalSet;
  private loadedAt = Number.NEGATIVE_INFINITY;
  private attemptedAt = Number.NEGATIVE_INFINITY;
  private pending?: Promise<boolean>;
  private readonly fetch: NonNullable<JwksSourceOptions['fetch']>;
  private readonly now: () => number;

  constructor(private readonly options: JwksSourceOptions) {
    this.fetch = options.fetch ?? ((url, init) => fetch(url, init));
    this.now = options.now ?? Date.now;
  }

  /** Starts loading the set (at start-up) without waiting for it. */
  prefetch(): void {
    void this.refresh();
  }

  /** The set's keys that may have signed a token with this header; throws JWKSNoMatchingKey when none. */
  async keysFor(header: JWSHeaderParameters): Promise<KeyLike[]> {
    const now = this.now();
    if (this.local === undefined) await this.refreshUnlessCooling(now);
    else if (now - this.loadedAt >= this.options.maxAgeMs) void this.refreshUnlessCooling(now);
    try {
      return await this.match(header);
    } catch (err) {
      if (!(err instanceof errors.JWKSNoMatchingKey) || !(await this.refreshUnlessCooling(now))) throw err;
      return this.match(header);
    }
  }

  private async match(header: JWSHeaderParameters): Promise<KeyLike[]> {
    if (this.local === undefined) throw new LivecastError(ErrorCode.Unavailable, 'identity provider keys are unavailable: retry shortly');
    try {
      return [await this.local(header)];
    } catch (err) {
      if (!(err instanceof errors.JWKSMultipleMatchingKeys)) throw err;
      const keys: KeyLike[] = [];
      for await (const key of err as AsyncIterable<KeyLike>) keys.push(key);
      return keys;
    }
  }

  /** True when a fetch ran (now or already under way) and loaded a set. */
  private async refreshUnlessCooling(now: number): Promise<boolean> {
    if (this.pending) return this.pending;
    if (now - this.attemptedAt < this.options.cooldownMs) return false;
    return this.refresh();
  }

  private refresh(): Promise<boolean> {
    this.pending ??= this.load().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async load(): Promise<boolean> {
    this.attemptedAt = this.now();
    try {
      const response = await this.fetch(this.options.url, { signal: AbortSignal.timeout(this.options.timeoutMs), headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`JWKS ${this.options.url} answered ${response.status}`);
      const set = parseKeySet(await readBounded(response, MAX_JWKS_BYTES));
      this.local = createLocalJWKSet(set);
      this.loadedAt = this.now();
      return true;
    } catch (err) {
      this.options.onError?.(err);
      return false;
    }
  }
}

function parseKeySet(text: string): JSONWebKeySet {
  const json: unknown = JSON.parse(text);
  const keys = (json as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new Error('JWKS: not a key set (no "keys" array)');
  return { keys: keys.filter((k) => typeof k === 'object' && k !== null).slice(0, MAX_KEYS) };
}

async function readBounded(response: Response, maxBytes: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    total += chunk.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new Error(`JWKS: larger than ${maxBytes} bytes`);
    }
    chunks.push(chunk.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
