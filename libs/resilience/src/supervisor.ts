import { backoffDelay, type BackoffPolicy } from './backoff';
import { systemClock, type Clock } from './clock';

/** Something running that can end by itself (a consume loop, a watch). */
export interface Run {
  /** Settles when the run ended without being stopped; the value or error is the reason. */
  readonly ended: Promise<unknown>;
  stop(): Promise<void>;
}

/** What a supervisor keeps alive and how it tells about it. */
export interface SupervisorOptions {
  start(): Promise<Run>;
  backoff: BackoffPolicy;
  /** A run that lasted this long counts as healthy: the next failure starts the backoff afresh. */
  healthyAfterMs: number;
  /** The run ended by itself; a new one starts in `restartInMs`. */
  onEnded?(reason: unknown, restartInMs: number): void;
  /** A restart failed; the next attempt is in `retryInMs`. */
  onStartFailed?(err: unknown, retryInMs: number): void;
  /** A restart succeeded (after an end or failed restarts). */
  onRestarted?(): void;
  clock?: Clock;
  random?: () => number;
}

/**
 * Keeps one run alive: when it ends by itself it is started again, with bounded
 * exponential backoff between failing attempts, until `stop`. The first start is the
 * caller's (its failure is thrown); every later one is the supervisor's. Knows nothing
 * of what it runs.
 */
export class Supervisor {
  private readonly clock: Clock;
  private readonly abort = new AbortController();
  private readonly aborted = new Promise<void>((resolve) => this.abort.signal.addEventListener('abort', () => resolve(), { once: true }));
  private current?: Run;
  private loop?: Promise<void>;
  private live = false;

  constructor(private readonly options: SupervisorOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** True while a run is up (not between an end and its restart). */
  get running(): boolean {
    return this.live;
  }

  async start(): Promise<void> {
    const run = await this.options.start();
    // Stopped while the first start was under way: that run is not wanted either.
    if (this.abort.signal.aborted) return run.stop();
    this.loop = this.keep(run);
  }

  /** Stops the current run and every restart still to come. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.current?.stop();
    await this.loop;
  }

  private async keep(first: Run): Promise<void> {
    let run: Run | undefined = first;
    let attempt = 0;
    while (run && !this.abort.signal.aborted) {
      this.current = run;
      this.live = true;
      const startedAt = this.clock.now();
      // A stopped run need not settle `ended`: stop wins the race.
      const reason = await Promise.race([
        run.ended.then(
          (value) => value,
          (err: unknown) => err,
        ),
        this.aborted,
      ]);
      this.live = false;
      if (this.abort.signal.aborted) return;
      // An ended run may still hold timers or a half-open resource: release it before the next.
      await run.stop().catch(() => undefined);
      if (this.clock.now() - startedAt >= this.options.healthyAfterMs) attempt = 0;
      let delay = backoffDelay(this.options.backoff, attempt++, this.options.random);
      this.options.onEnded?.(reason, delay);
      run = undefined;
      while (!run && !this.abort.signal.aborted) {
        await this.clock.sleep(delay, this.abort.signal);
        if (this.abort.signal.aborted) return;
        try {
          run = await this.options.start();
          this.options.onRestarted?.();
        } catch (err) {
          delay = backoffDelay(this.options.backoff, attempt++, this.options.random);
          this.options.onStartFailed?.(err, delay);
        }
      }
      // Stopped while a restart was under way: that run is not wanted.
      if (run && this.abort.signal.aborted) await run.stop();
    }
  }
}
