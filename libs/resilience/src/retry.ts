import { backoffDelay, type BackoffPolicy } from './backoff';
import { systemClock, type Clock } from './clock';

/** How `retry` treats failures. */
export interface RetryOptions {
  backoff: BackoffPolicy;
  /** Attempts in all, the first included (≥ 1). */
  maxAttempts: number;
  /** No retry starts later than this after the first attempt began (ms): the caller's own deadline. */
  giveUpAfterMs?: number;
  /** Only these failures are retried; any other is thrown at once. */
  isTransient(err: unknown): boolean;
  /** Told before each retry, with the failure that caused it. */
  onRetry?(err: unknown, attempt: number, delayMs: number): void;
  clock?: Clock;
  random?: () => number;
}

/**
 * Runs `fn` until it succeeds, a failure is not transient, or `maxAttempts` ran out
 * (then the last failure is thrown). Only for operations safe to repeat.
 */
export async function retry<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  const clock = options.clock ?? systemClock;
  const startedAt = clock.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= options.maxAttempts || !options.isTransient(err)) throw err;
      const delay = backoffDelay(options.backoff, attempt - 1, options.random);
      if (options.giveUpAfterMs !== undefined && clock.now() + delay - startedAt > options.giveUpAfterMs) throw err;
      options.onRetry?.(err, attempt, delay);
      await clock.sleep(delay);
    }
  }
}
