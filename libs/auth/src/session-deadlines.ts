/**
 * When each live connection's token runs out, bucketed by `granularityMs`: one timer per
 * gateway instead of one per connection. `due(now)` returns every key whose deadline has
 * passed, each once, never before its deadline and at most one bucket (plus the caller's
 * tick) after it; it costs O(buckets), a few thousand for hour-long tokens.
 */
export class SessionDeadlines<K> {
  private readonly buckets = new Map<number, Set<K>>();
  private readonly bucketOf = new Map<K, number>();

  constructor(private readonly granularityMs: number) {}

  get size(): number {
    return this.bucketOf.size;
  }

  /** Sets (or moves) the deadline of `key`; Infinity means never. */
  set(key: K, deadlineMs: number): void {
    this.delete(key);
    if (!Number.isFinite(deadlineMs)) return;
    const bucket = Math.ceil(deadlineMs / this.granularityMs);
    let keys = this.buckets.get(bucket);
    if (!keys) {
      keys = new Set();
      this.buckets.set(bucket, keys);
    }
    keys.add(key);
    this.bucketOf.set(key, bucket);
  }

  delete(key: K): void {
    const bucket = this.bucketOf.get(key);
    if (bucket === undefined) return;
    this.bucketOf.delete(key);
    const keys = this.buckets.get(bucket);
    keys?.delete(key);
    if (keys?.size === 0) this.buckets.delete(bucket);
  }

  /** Removes and returns the keys whose deadline is at or before `now`. */
  due(now: number): K[] {
    const until = Math.floor(now / this.granularityMs);
    const due: K[] = [];
    for (const [bucket, keys] of this.buckets) {
      if (bucket > until) continue;
      this.buckets.delete(bucket);
      for (const key of keys) {
        this.bucketOf.delete(key);
        due.push(key);
      }
    }
    return due;
  }
}
