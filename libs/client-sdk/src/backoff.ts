/** How long to wait before the next connection attempt, the way socket.io's reconnection options say it. */
export interface BackoffPolicy {
  /** Delay before the first attempt after a failure, in ms (socket.io's `reconnectionDelay`). */
  delayMs: number;
  /** Ceiling of any delay, in ms (`reconnectionDelayMax`). */
  maxDelayMs: number;
  /** Each delay varies by up to this share either way, 0 to 1 (`randomizationFactor`): viewers of a dead gateway do not all arrive at once. */
  jitter: number;
}

/** socket.io-client's defaults. */
export const DEFAULT_BACKOFF: BackoffPolicy = { delayMs: 1000, maxDelayMs: 5000, jitter: 0.5 };

/**
 * The delay before attempt `attempt` (1 = the first after a failure): `delayMs` doubled
 * for each earlier failure, capped at `maxDelayMs`, then moved by up to `jitter` either
 * way (never above the cap). `random` is in [0, 1).
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const base = Math.min(policy.maxDelayMs, policy.delayMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  return Math.min(policy.maxDelayMs, Math.round(base * (1 - jitter + 2 * jitter * random())));
}
