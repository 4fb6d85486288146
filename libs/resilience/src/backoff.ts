/** How long to wait before attempt n of something that keeps failing. */
export interface BackoffPolicy {
  /** First delay (ms). */
  initialMs: number;
  /** Longest delay (ms): a healing loop never waits longer than this between attempts. */
  maxMs: number;
  /** Growth per attempt (2 doubles). */
  factor?: number;
  /** Share of each delay drawn at random (0..1), so many instances do not retry in step. */
  jitter?: number;
}

/**
 * The delay before retry `attempt` (0 for the first retry): exponential, capped at `maxMs`,
 * with `jitter` of it taken off at random. `random` is injected for tests.
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const factor = policy.factor ?? 2;
  const jitter = Math.min(1, Math.max(0, policy.jitter ?? 0.2));
  const base = Math.min(policy.maxMs, policy.initialMs * factor ** Math.max(0, attempt));
  return Math.round(base * (1 - jitter * random()));
}
