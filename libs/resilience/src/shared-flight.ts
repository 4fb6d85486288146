/**
 * One run per key while it is in flight: callers asking for the same key meanwhile share
 * its promise (a gateway's viewers asking for the same catch-up after the same missed
 * frame cost one stream read, not one each). The key is forgotten once the run settles.
 */
export class SharedFlight<V> {
  private readonly running = new Map<string, Promise<V>>();

  /** Runs in flight now. */
  get size(): number {
    return this.running.size;
  }

  run(key: string, start: () => Promise<V>): Promise<V> {
    const running = this.running.get(key);
    if (running) return running;
    const run = start().finally(() => this.running.delete(key));
    this.running.set(key, run);
    return run;
  }
}
