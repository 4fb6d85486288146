/**
 * Runs `task` every `periodMs`, never two at once: the next run is scheduled when the
 * previous one settles, so a slow round (a NATS failover) delays the next instead of
 * overlapping it. Overlapping lease rounds wrote against each other's stale revisions.
 */
export class SerialTimer {
  private timer?: ReturnType<typeof setTimeout>;
  private stopped = false;
  private inFlight?: Promise<void>;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly periodMs: number,
  ) {}

  start(): void {
    this.schedule();
  }

  /** Stops scheduling and waits for a run in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.inFlight = this.task()
        .catch(() => undefined)
        .finally(() => {
          this.inFlight = undefined;
          this.schedule();
        });
    }, this.periodMs);
  }
}
