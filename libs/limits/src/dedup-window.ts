import { ErrorCode, LivecastError } from '@livecast/contracts';

/** Options of a {@link DedupWindow}. */
export interface DedupWindowOptions {
  /** How long a key is remembered after `remember`, in ms. */
  windowMs: number;
  /** Hard cap on remembered keys; past it the oldest is forgotten first. */
  maxEntries: number;
}

interface Entry<V> {
  value: V;
  expiresAt: number;
}

/**
 * Remembers keys such as `${userId}:${clientMsgId}` for `windowMs`, each with a value (the
 * original ack, or the pending promise of it so a retry that arrives while the first attempt
 * is in flight shares its outcome). Local to one process: it catches retries that reach the
 * same replica. `V` should not include `undefined`, which `get` uses for "not remembered".
 */
export class DedupWindow<V> {
  // Invariant: Map insertion order is expiry order (constant window, re-insert on remember),
  // so sweeping stops at the first live entry and costs O(expired).
  private readonly entries = new Map<string, Entry<V>>();
  private readonly windowMs: number;
  private readonly maxEntries: number;

  constructor(options: DedupWindowOptions) {
    if (!(Number.isFinite(options.windowMs) && options.windowMs > 0)) {
      throw new LivecastError(ErrorCode.Invalid, `windowMs must be > 0; got ${options.windowMs}`, 'windowMs');
    }
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1) {
      throw new LivecastError(ErrorCode.Invalid, `maxEntries must be a positive integer; got ${options.maxEntries}`, 'maxEntries');
    }
    this.windowMs = options.windowMs;
    this.maxEntries = options.maxEntries;
  }

  /** Number of keys remembered, expired ones not yet swept included. */
  get size(): number {
    return this.entries.size;
  }

  /** The value remembered for `key`, or `undefined` if none is remembered at `now`. */
  get(key: string, now: number): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Remembers `value` for `key` from `now` for the window, replacing any earlier value. */
  remember(key: string, value: V, now: number): void {
    this.sweep(now);
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: now + this.windowMs });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
  }

  /** Forgets `key`, e.g. when the attempt it remembered failed and a retry should run again. */
  forget(key: string): void {
    this.entries.delete(key);
  }

  /** Drops the keys expired at `now`; returns how many. */
  sweep(now: number): number {
    let dropped = 0;
    for (const [key, entry] of this.entries) {
      // A clock step backwards can break expiry order; stopping early then only delays cleanup.
      if (entry.expiresAt > now) break;
      this.entries.delete(key);
      dropped++;
    }
    return dropped;
  }
}
