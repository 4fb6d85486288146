import { emptyHistogram, record, type HistogramData } from './histogram';

/** What a WindowCounter learned: per-window counts of every slot, and each slot's busiest window. */
export interface WindowResult {
  /** One value per (slot, closed window): events in that window. */
  windows: HistogramData;
  /** One value per slot: its largest window count. */
  slotMax: HistogramData;
  /** Largest window count of any slot. */
  maxWindow: number;
  /** Windows closed. */
  closed: number;
}

/**
 * Counts events per slot (a viewer) in fixed windows (1 s by default): `add` is a typed
 * array increment, `close` (from one shared timer) folds the current window of every slot
 * into histograms. Per-viewer "messages per second" is then a window count, its max and
 * its spread across viewers, without a timer or an allocation per viewer.
 */
export class WindowCounter {
  private readonly current: Uint32Array;
  private readonly max: Uint32Array;
  private readonly windows = emptyHistogram();
  private closed = 0;
  private maxWindow = 0;

  constructor(readonly slots: number) {
    this.current = new Uint32Array(slots);
    this.max = new Uint32Array(slots);
  }

  /** Counts `n` events for `slot` in the current window. */
  add(slot: number, n: number): void {
    this.current[slot] += n;
  }

  /**
   * Closes the current window of every slot. `scale` converts a count to the unit wanted
   * (1000 / actual window ms gives per-second rates when the timer fired late).
   */
  close(scale = 1): void {
    for (let slot = 0; slot < this.slots; slot++) {
      const n = scale === 1 ? this.current[slot] : Math.round(this.current[slot] * scale);
      record(this.windows, n);
      if (n > this.max[slot]) this.max[slot] = n;
      if (n > this.maxWindow) this.maxWindow = n;
      this.current[slot] = 0;
    }
    this.closed++;
  }

  /** Forgets the current (partial) window without counting it. */
  discard(): void {
    this.current.fill(0);
  }

  /** The histograms so far; the partial current window is not included. */
  result(): WindowResult {
    const slotMax = emptyHistogram();
    if (this.closed > 0) for (let slot = 0; slot < this.slots; slot++) record(slotMax, this.max[slot]);
    return { windows: this.windows, slotMax, maxWindow: this.maxWindow, closed: this.closed };
  }
}
