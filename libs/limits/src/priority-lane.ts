import { assertRateLimit, type RateLimit } from './gcra';

/** Limits of a room's priority lane, both on one shared state per room. */
export interface PriorityLane {
  /** System messages and staff: the whole burst. */
  urgent: RateLimit;
  /** Viewers' gifts: the same rate, but only part of the burst. */
  gift: RateLimit;
}

/**
 * What a room's priority lane admits at ingest: as many priority messages per second as
 * the fan-out shows per screen (its PRIORITY_RATE), plus a burst. Admitting more would
 * only queue them in the shaper, where each one waits longer than the last. Both limits
 * decide on the same state (one GCRA TAT per room); gifts see a smaller burst, so a gift
 * rush always leaves room for what the host or a moderator says. The largest backlog the
 * lane allows is one burst, drained at `ratePerSec`: `burst / ratePerSec` seconds of lag.
 */
export function priorityLane(ratePerSec: number, burst: number): PriorityLane {
  const urgent = Object.freeze({ rate: ratePerSec, per: 1000, burst });
  const gift = Object.freeze({ rate: ratePerSec, per: 1000, burst: Math.max(1, Math.floor(burst / 2)) });
  assertRateLimit(urgent, 'priority');
  return Object.freeze({ urgent, gift });
}
