import { ErrorCode, LivecastError } from '@livecast/contracts';
import { assertRateLimit, dropIdle, gcraDecide, type GcraDecision, type RateLimit } from './gcra';

/** Options of a {@link LocalRateLimiter}. */
export interface LocalRateLimiterOptions {
  /** Hard cap on keys holding state; past it the least recently used key is forgotten. Default 100 000. */
  maxKeys?: number;
}

const DEFAULT_MAX_KEYS = 100_000;

/**
 * GCRA limits kept in this process's memory, keyed by string (a connection id, a user id),
 * for limits one process enforces alone, such as per-connection event rates at a gateway.
 * Memory stays bounded: a key whose TAT is not after `now` is indistinguishable from a new
 * key, so `sweep` drops it; `maxKeys` caps the rest.
 */
export class LocalRateLimiter {
  // Map order is least recently used first: every `take` re-inserts its key.
  private readonly tats = new Map<string, number>();
  private readonly maxKeys: number;

  constructor(
    private readonly limit: RateLimit,
    options: LocalRateLimiterOptions = {},
  ) {
    assertRateLimit(limit);
    this.maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
    if (!Number.isInteger(this.maxKeys) || this.maxKeys < 1) {
      throw new LivecastError(ErrorCode.Invalid, `maxKeys must be a positive integer; got ${this.maxKeys}`, 'maxKeys');
    }
  }

  /** Number of keys holding state. */
  get size(): number {
    return this.tats.size;
  }

  /** Decides one event for `key` at `now` under `limit` (default: the constructor's) and records it. */
  take(key: string, now: number, limit: RateLimit = this.limit): GcraDecision {
    const tat = this.tats.get(key);
    const decision = gcraDecide(tat, now, limit);
    if (tat !== undefined) {
      this.tats.delete(key);
    } else if (this.tats.size >= this.maxKeys) {
      // Forgetting a key that is still limited lets it burst again; that is the price of the cap.
      this.evictLeastRecentlyUsed();
    }
    this.tats.set(key, decision.newTat);
    return decision;
  }

  /** Drops the state of `key`, e.g. when its connection closes. */
  forget(key: string): void {
    this.tats.delete(key);
  }

  /** Drops every key that is idle at `now` (TAT not after `now`); returns how many. O(size). */
  sweep(now: number): number {
    return dropIdle(this.tats, now, (tat) => tat);
  }

  private evictLeastRecentlyUsed(): void {
    const oldest = this.tats.keys().next();
    if (oldest.done !== true) this.tats.delete(oldest.value);
  }
}
