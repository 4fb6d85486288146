/**
 * Counts events over the last `windowMs` (events at t count while t > now - windowMs).
 *
 * A log of (time, count) entries with a running total, so `count()` is amortized O(1).
 * Events closer than `granuleMs` to the newest entry are merged into it: the entry keeps
 * its older time, so merging can only over-count a window, never under-count it — which
 * is the safe side for caps. With the default granule (1 ms) counts are exact for
 * integer clocks. Time must not go backwards.
 */
export class SlidingCounter {
  private times: number[] = [];
  private counts: number[] = [];
  private head = 0;
  private sum = 0;

  constructor(
    private readonly windowMs: number,
    private readonly granuleMs = 1,
  ) {}

  /** Records `n` events at `now`. */
  add(now: number, n = 1): void {
    const last = this.times.length - 1;
    if (last >= this.head && now - this.times[last] < this.granuleMs) {
      this.counts[last] += n;
    } else {
      this.times.push(now);
      this.counts.push(n);
    }
    this.sum += n;
  }

  /** Events within the window ending at `now`. */
  count(now: number): number {
    this.prune(now);
    return this.sum;
  }

  private prune(now: number): void {
    const cutoff = now - this.windowMs;
    const times = this.times;
    let head = this.head;
    while (head < times.length && times[head] <= cutoff) {
      this.sum -= this.counts[head];
      head++;
    }
    if (head === times.length) {
      times.length = 0;
      this.counts.length = 0;
      head = 0;
    } else if (head >= 256 && head * 2 >= times.length) {
      // Compact rarely and in bulk, so pruning stays amortized O(1) per entry.
      this.times = times.slice(head);
      this.counts = this.counts.slice(head);
      head = 0;
    }
    this.head = head;
  }
}
