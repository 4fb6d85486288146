import { defaultShapingConfig, shapingConfig, type ShapingConfig } from './config';
import { frameIntervalFor, normalPerFrame } from './frame-interval';

describe('frameIntervalFor', () => {
  const c = defaultShapingConfig;
  const cases: [number, number][] = [
    [0, 100],
    [1_000, 100],
    [50_000, 100],
    [99_999, 100],
    [100_000, 200],
    [250_000, 500],
    [499_999, 900],
    [500_000, 1000],
    [10_000_000, 1000],
  ];

  it.each(cases)('frameIntervalFor: %i viewers -> %i ms', (online, ms) => {
    expect(frameIntervalFor(online, c)).toBe(ms);
  });

  it('frameIntervalFor: stays a multiple of tickMs and never exceeds maxFrameIntervalMs', () => {
    const custom = shapingConfig({ tickMs: 50, megaRoomThreshold: 1000, maxFrameIntervalMs: 730 });
    for (let online = 0; online < 50_000; online += 333) {
      const ms = frameIntervalFor(online, custom);
      expect(ms % 50).toBe(0);
      expect(ms).toBeLessThanOrEqual(730);
    }
  });

  it('frameIntervalFor: megaRoomThreshold Infinity turns mega mode off', () => {
    expect(frameIntervalFor(1e9, shapingConfig({ megaRoomThreshold: Infinity }))).toBe(100);
  });
});

describe('normalPerFrame', () => {
  const cases: [Partial<ShapingConfig>, number, number][] = [
    [{}, 100, 2],
    [{}, 500, 10],
    [{}, 1000, 20],
    [{ screenRate: 15 }, 100, 2], // 1.5 rounds up; the window keeps 15/s
    [{ screenRate: 5 }, 100, 1],
  ];

  it.each(cases)('normalPerFrame: %j at %i ms -> %i', (overrides, ms, n) => {
    expect(normalPerFrame(ms, shapingConfig(overrides))).toBe(n);
  });
});

describe('shapingConfig', () => {
  const bad: Partial<ShapingConfig>[] = [
    { screenRate: 0 },
    { priorityRate: -1 },
    { tickMs: NaN },
    { windowMs: 0 },
    { exitRatio: 0 },
    { exitRatio: 1.5 },
    { megaRoomThreshold: 0 },
    { maxFrameIntervalMs: 50 },
    { priorityQueueCap: 0 },
    { idleEvictMs: Infinity },
  ];

  it.each(bad)('shapingConfig: rejects %j', (overrides) => {
    expect(() => shapingConfig(overrides)).toThrow(RangeError);
  });

  it('shapingConfig: defaults are valid and frozen', () => {
    const c = shapingConfig();
    expect(c).toEqual(defaultShapingConfig);
    expect(Object.isFrozen(c)).toBe(true);
  });
});
