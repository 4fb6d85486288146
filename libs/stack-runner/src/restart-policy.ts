/** How a supervisor restarts a service that died: exponential backoff, and a bound. */
export interface RestartPolicyOptions {
  /** Delay before the first restart; each further consecutive restart doubles it. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** More restarts than this within `windowMs` and the supervisor gives up (a crash loop). */
  maxRestarts: number;
  windowMs: number;
  /** A run at least this long counts as healthy: the next crash starts the backoff again. */
  resetAfterMs: number;
}

/** What to do about a process that exited. */
export type RestartDecision =
  | { readonly kind: 'restart'; readonly delayMs: number; /** 1-based count within the window. */ readonly attempt: number }
  | { readonly kind: 'give-up'; readonly restarts: number; readonly windowMs: number };

/** Defaults of the dev stack: a restart within 0.5–8 s, at most 5 within a minute. */
export const DEV_RESTART_POLICY: RestartPolicyOptions = { initialDelayMs: 500, maxDelayMs: 8000, maxRestarts: 5, windowMs: 60_000, resetAfterMs: 30_000 };

/**
 * The restart decisions for one service, as an orchestrator makes them (compare
 * Kubernetes' CrashLoopBackOff, systemd's StartLimitBurst): pure, clock injected.
 */
export class RestartPolicy {
  private restartTimes: number[] = [];
  private consecutive = 0;
  private startedAt: number;

  constructor(
    private readonly options: RestartPolicyOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
  }

  /** The service (re)started now: its run time is measured from here. */
  started(): void {
    this.startedAt = this.now();
  }

  /** The service exited (or failed to start) now: restart it after a delay, or give up. */
  exited(): RestartDecision {
    const { initialDelayMs, maxDelayMs, maxRestarts, windowMs, resetAfterMs } = this.options;
    const now = this.now();
    if (now - this.startedAt >= resetAfterMs) this.consecutive = 0;
    this.restartTimes = this.restartTimes.filter((t) => now - t < windowMs);
    if (this.restartTimes.length >= maxRestarts) return { kind: 'give-up', restarts: this.restartTimes.length, windowMs };
    const delayMs = Math.min(maxDelayMs, initialDelayMs * 2 ** this.consecutive);
    this.consecutive++;
    this.restartTimes.push(now);
    return { kind: 'restart', delayMs, attempt: this.restartTimes.length };
  }
}
