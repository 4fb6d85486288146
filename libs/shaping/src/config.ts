// Shaping knobs. Rates are per viewer per second; the shaper turns them into per-frame
// budgets for whatever frame interval the room's size calls for.

/** Tunables of the shaper; build one with `shapingConfig()` so it is validated. */
export interface ShapingConfig {
  /** Normal (chat) messages a viewer's screen may receive per second. */
  readonly screenRate: number;
  /** Priority messages (system, gift, staff) per second, on top of `screenRate`. */
  readonly priorityRate: number;
  /** Base frame interval of a shaped room, and the driver's tick period, in ms. */
  readonly tickMs: number;
  /** Sliding window over which incoming rates and shown caps are measured, in ms. */
  readonly windowMs: number;
  /** A shaped room returns to pass-through once incoming rates fall under this fraction of the caps. */
  readonly exitRatio: number;
  /** Rooms with more viewers than this are always shaped, with a longer frame interval (Infinity: never). */
  readonly megaRoomThreshold: number;
  /** Longest frame interval a mega room grows to, in ms. */
  readonly maxFrameIntervalMs: number;
  /** Safety valve: queued priority messages beyond this are shed (counted), oldest gift first. */
  readonly priorityQueueCap: number;
  /** A priority message queued longer than this is shed (counted) instead of shown late, in ms. */
  readonly priorityMaxWaitMs: number;
  /** A `ShaperSet` forgets a room with nothing pending after this long without input, in ms. */
  readonly idleEvictMs: number;
}

/** The product defaults: 20 chat + 10 priority msgs/s per viewer on a 100 ms tick. */
export const defaultShapingConfig: ShapingConfig = Object.freeze({
  screenRate: 20,
  priorityRate: 10,
  tickMs: 100,
  windowMs: 1000,
  exitRatio: 0.5,
  megaRoomThreshold: 50_000,
  maxFrameIntervalMs: 1000,
  // A minute of priority budget: a message queued longer than that is no longer "live".
  priorityQueueCap: 600,
  // Every priority message is shown by default, however late: the same minute the cap
  // holds. A deployment that prefers fresh highlights after an outage (a consumer that
  // stalled, a takeover's replay) lowers it; the rest is then counted as dropped.
  priorityMaxWaitMs: 60_000,
  idleEvictMs: 60_000,
});

/** Merges overrides into the defaults and validates the result; throws RangeError on nonsense. */
export function shapingConfig(overrides: Partial<ShapingConfig> = {}): ShapingConfig {
  const config = Object.freeze({ ...defaultShapingConfig, ...overrides });
  assertShapingConfig(config);
  return config;
}

/** Throws RangeError unless every knob is in range; cheap enough to call per room. */
export function assertShapingConfig(c: ShapingConfig): void {
  const positive: (keyof ShapingConfig)[] = ['screenRate', 'priorityRate', 'tickMs', 'windowMs', 'priorityQueueCap', 'priorityMaxWaitMs', 'idleEvictMs'];
  for (const key of positive) {
    if (!Number.isFinite(c[key]) || c[key] <= 0) throw new RangeError(`shaping config: ${key} must be a positive number`);
  }
  if (!(c.exitRatio > 0 && c.exitRatio <= 1)) throw new RangeError('shaping config: exitRatio must be in (0, 1]');
  // Infinity is allowed and turns mega-room mode off.
  if (!(c.megaRoomThreshold > 0)) throw new RangeError('shaping config: megaRoomThreshold must be > 0');
  if (!(c.maxFrameIntervalMs >= c.tickMs)) throw new RangeError('shaping config: maxFrameIntervalMs must be >= tickMs');
}
