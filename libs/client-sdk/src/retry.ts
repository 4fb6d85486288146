import { ErrorCode, LivecastError } from '@livecast/contracts/client';

/** How often and how patiently to retry. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  tries: number;
  /** Delay before the second attempt, in ms; doubled for each later one, plus up to 50 % jitter. */
  delayMs: number;
  /** Longest delay between two attempts, in ms, jitter included (default: no cap). */
  maxDelayMs?: number;
  /** Whether a failure is worth another attempt; by default only UNAVAILABLE (timeouts included). */
  retryable?: (err: unknown) => boolean;
}

/**
 * True for failures a retry can fix: UNAVAILABLE (the SDK also uses it for timeouts and
 * lost connections) unless the server said `retryable: false`. A send's UNAVAILABLE tells
 * its `outcome` (`unknown`: maybe stored; `not_stored`); both are retried with the same
 * clientMsgId, which ingest de-duplicates into the stored message.
 */
export function isTransient(err: unknown): boolean {
  return err instanceof LivecastError && err.code === ErrorCode.Unavailable && err.retryable !== false;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, or the tries are
 * used up; the last error is thrown as it was. `attempt` gets the attempt number (1-based).
 */
export async function withRetry<T>(attempt: (n: number) => Promise<T>, policy: RetryPolicy, wait: (ms: number) => Promise<void> = sleep): Promise<T> {
  const retryable = policy.retryable ?? isTransient;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (n >= policy.tries || !retryable(err)) throw err;
      await wait(Math.min(policy.delayMs * 2 ** (n - 1) * (1 + Math.random() / 2), policy.maxDelayMs ?? Infinity));
    }
  }
}
