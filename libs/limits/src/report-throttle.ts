/** How often one key may be reported, and how many keys are remembered. */
export interface ReportThrottleOptions {
  periodMs: number;
  maxKeys: number;
}

interface KeyState {
  lastAt: number;
  held: number;
}

/**
 * Lets one report (a log line) per key through per period and counts what it held back,
 * so a sender flooding bad input costs one line per period, not one per message. Keys
 * beyond `maxKeys` push out the least recently reported one: memory stays bounded.
 */
export class ReportThrottle {
  private readonly keys = new Map<string, KeyState>();

  constructor(private readonly options: ReportThrottleOptions) {
    if (!(options.periodMs > 0) || !(options.maxKeys >= 1)) throw new RangeError('report throttle: periodMs and maxKeys must be positive');
  }

  /** Null: stay quiet. A number: report now, mentioning that many held back since the last report of the key. */
  take(key: string, now: number): number | null {
    const state = this.keys.get(key);
    if (state !== undefined && now - state.lastAt < this.options.periodMs) {
      state.held++;
      return null;
    }
    const held = state?.held ?? 0;
    this.keys.delete(key);
    if (this.keys.size >= this.options.maxKeys) this.keys.delete(this.keys.keys().next().value as string);
    this.keys.set(key, { lastAt: now, held: 0 });
    return held;
  }
}
