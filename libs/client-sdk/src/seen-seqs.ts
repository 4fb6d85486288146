/**
 * The stream sequences a session has shown, bounded to the most recent `capacity`.
 * Sequences arrive almost in order, so the set evicts in insertion order and remembers
 * the highest evicted one as a floor: anything at or below it counts as seen, which
 * keeps a long session from showing a very old message twice. Seq 0 is never a real
 * stream sequence and counts as seen.
 */
export class SeenSeqs {
  private readonly seqs = new Set<number>();
  private floor = 0;

  constructor(private readonly capacity = 4096) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
  }

  /** How many seqs are remembered individually. */
  get size(): number {
    return this.seqs.size;
  }

  /** True when `seq` was added before (or is at or below the eviction floor). */
  has(seq: number): boolean {
    return seq <= this.floor || this.seqs.has(seq);
  }

  /** Adds `seq`; returns false when it was already seen. */
  add(seq: number): boolean {
    if (this.has(seq)) return false;
    this.seqs.add(seq);
    if (this.seqs.size > this.capacity) {
      const oldest = this.seqs.values().next().value as number;
      this.seqs.delete(oldest);
      if (oldest > this.floor) this.floor = oldest;
    }
    return true;
  }
}
