import { ErrorCode, LivecastError } from '@livecast/contracts';
import { assertRateLimit, dropIdle, gcraDecide, type GcraDecision, type RateLimit } from './gcra';

/** Options of a {@link ShareLimiter}. */
export interface ShareLimiterOptions {
  /** Hard cap on keys holding state; past it the least recently used key is forgotten. Default 100 000. */
  maxKeys?: number;
}

const DEFAULT_MAX_KEYS = 100_000;

/**
 * `limit` cut to `share` (0 < share ≤ 1) of its budget: the rate scaled, the burst too but
 * never below one event, so a replica can always pass a lone message. The floor is the
 * only over-grant of agreeing shares: N replicas hold max(N, burst) events of burst
 * between them instead of burst.
 */
export function shareOf(limit: RateLimit, share: number): RateLimit {
  if (!(share > 0 && share <= 1)) throw new LivecastError(ErrorCode.Invalid, `share must be in (0, 1]; got ${share}`, 'share');
  if (share === 1) return limit;
  return { rate: limit.rate * share, per: limit.per, burst: Math.max(1, limit.burst * share) };
}

interface Scaled {
  share: number;
  limit: RateLimit;
}

/** A key's theoretical arrival time, and the share it was computed on. */
interface KeyState {
  tat: number;
  share: number;
}

/**
 * GCRA limits a replica decides alone, on its share of each shared budget: with N
 * replicas each holding 1/N, the replicas together never grant more than the budget
 * (plus the burst floor of {@link shareOf}), and no decision waits for the bus. When the
 * share changes, the events a key was granted here keep their count: the time they still
 * owe scales with the cost of one event on the new share (clamped into its tolerance).
 * A grown share (a replica left or died) so frees at once what the gone replica held,
 * instead of refusing a steady sender until the debt of the smaller share runs off.
 */
export class ShareLimiter {
  // Map order is least recently used first: every take re-inserts its key.
  private readonly states = new Map<string, KeyState>();
  private readonly scaled = new WeakMap<RateLimit, Scaled>();
  private readonly maxKeys: number;

  constructor(options: ShareLimiterOptions = {}) {
    this.maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
    if (!Number.isInteger(this.maxKeys) || this.maxKeys < 1) {
      throw new LivecastError(ErrorCode.Invalid, `maxKeys must be a positive integer; got ${this.maxKeys}`, 'maxKeys');
    }
  }

  /** Number of keys holding state. */
  get size(): number {
    return this.states.size;
  }

  /** Decides one event for `key` at `now` on `share` of `limit`, and records it. */
  take(key: string, limit: RateLimit, share: number, now: number): GcraDecision {
    const own = this.shareLimit(limit, share);
    const state = this.states.get(key);
    const decision = gcraDecide(state && this.tatOn(state, own, share, now), now, own);
    if (state) {
      this.states.delete(key);
      state.tat = decision.newTat;
      state.share = share;
      this.states.set(key, state);
      return decision;
    }
    // Forgetting a key that is still limited lets it burst again; that is the price of the cap.
    if (this.states.size >= this.maxKeys) this.states.delete(this.states.keys().next().value as string);
    this.states.set(key, { tat: decision.newTat, share });
    return decision;
  }

  /**
   * Gives back one event taken for `key` (its work failed before anything was stored, or
   * with an outcome a retry will settle): the TAT moves back one emission interval, never
   * below `now`. A key this limiter no longer holds has nothing to give back.
   */
  refund(key: string, limit: RateLimit, share: number, now: number): void {
    const state = this.states.get(key);
    if (!state) return;
    const own = this.shareLimit(limit, share);
    const tat = this.tatOn(state, own, share, now) - own.per / own.rate;
    if (tat <= now) this.states.delete(key);
    else {
      state.tat = tat;
      state.share = share;
    }
  }

  /** Drops every key idle at `now` (TAT not after it); returns how many. O(size). */
  sweep(now: number): number {
    return dropIdle(this.states, now, (state) => state.tat);
  }

  /** The key's TAT on `share` (`own` is the limit cut to it): what it owes, rescaled to that share's event cost, within its tolerance. */
  private tatOn(state: KeyState, own: RateLimit, share: number, now: number): number {
    const owed = Math.max(0, state.tat - now) * (state.share / share);
    return now + Math.min(owed, (own.per / own.rate) * own.burst);
  }

  private shareLimit(limit: RateLimit, share: number): RateLimit {
    const cached = this.scaled.get(limit);
    if (cached?.share === share) return cached.limit;
    assertRateLimit(limit);
    const scaled = { share, limit: shareOf(limit, share) };
    this.scaled.set(limit, scaled);
    return scaled.limit;
  }
}
