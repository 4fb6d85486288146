import { ErrorCode, LivecastError } from '@livecast/contracts';

/** A rate limit: `rate` events per `per` milliseconds on average, at most `burst` of them at once. */
export interface RateLimit {
  readonly rate: number;
  readonly per: number;
  readonly burst: number;
}

/** The outcome of one GCRA decision. */
export interface GcraDecision {
  allowed: boolean;
  /** The TAT to store. A refusal returns the TAT it was given, so the caller may skip the write. */
  newTat: number;
  /** Whole milliseconds until the next event would be allowed; 0 when this one was. */
  retryAfterMs: number;
  /** Events still allowed right now after this one; 0 when refused. */
  remaining: number;
}

// TATs are epoch-ms floats (one ulp is ~2.4e-4 ms near 1.7e12) and `per / rate` is rarely
// exact, so boundary comparisons absorb this much rounding instead of refusing an event
// that arrives exactly on time.
const ROUNDING_MS = 1e-3;

/** Throws INVALID unless `limit` has a positive finite rate and period and a burst of at least 1. */
export function assertRateLimit(limit: RateLimit, field = 'limit'): void {
  const valid =
    Number.isFinite(limit.rate) && limit.rate > 0 && Number.isFinite(limit.per) && limit.per > 0 && Number.isFinite(limit.burst) && limit.burst >= 1;
  if (!valid) {
    throw new LivecastError(
      ErrorCode.Invalid,
      `rate limit needs rate > 0, per > 0 ms and burst >= 1; got ${JSON.stringify(limit)}`,
      field,
    );
  }
}

/**
 * Decides one event under a GCRA limit whose whole state is the theoretical arrival time
 * (`tat`, epoch ms; `undefined` for a key never seen). The state is one number so replicas
 * can share a limit through a KV value updated by compare-and-set: read TAT, decide, write
 * `newTat` only if the revision is unchanged, retry otherwise. Replicas sharing a TAT should
 * have synced clocks; skew between them shifts the limit by at most the skew.
 */
export function gcraDecide(tat: number | undefined, now: number, limit: RateLimit): GcraDecision {
  assertRateLimit(limit);
  const interval = limit.per / limit.rate;
  const tolerance = interval * limit.burst;
  // A TAT in the past is an idle key: it earns no credit beyond a full burst. One further
  // ahead than a spent burst was never written by this rule (a corrupt value, a clock far
  // off): it is ignored like a missing one, so the next allowed event overwrites it,
  // instead of refusing the key until that time.
  const base = tat === undefined || tat < now || tat > now + tolerance + ROUNDING_MS ? now : tat;
  const candidate = base + interval;
  const allowAt = candidate - tolerance;
  if (allowAt > now + ROUNDING_MS) {
    // burst >= 1 makes tolerance >= interval, so a refusal implies base = tat > now.
    return { allowed: false, newTat: base, retryAfterMs: Math.ceil(allowAt - now - ROUNDING_MS), remaining: 0 };
  }
  const remaining = Math.max(0, Math.floor((tolerance - (candidate - now) + ROUNDING_MS) / interval));
  return { allowed: true, newTat: candidate, retryAfterMs: 0, remaining };
}

/**
 * Deletes every key of `states` idle at `now` (its TAT, read by `tatOf`, not after `now`:
 * it holds no debt); returns how many. O(size).
 */
export function dropIdle<S>(states: Map<string, S>, now: number, tatOf: (state: S) => number): number {
  let dropped = 0;
  for (const [key, state] of states) {
    if (tatOf(state) <= now) {
      states.delete(key);
      dropped++;
    }
  }
  return dropped;
}
