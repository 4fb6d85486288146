import { ErrorCode, LivecastError } from '@livecast/contracts';
import { gcraDecide, type RateLimit } from './gcra';

const viewer: RateLimit = { rate: 20, per: 30_000, burst: 20 };
const T0 = 1_700_000_000_000;

/** Runs `times` decisions at `now`, threading the TAT through like a caller writing it back. */
function run(tat: number | undefined, now: number, limit: RateLimit, times: number) {
  const decisions = [];
  for (let i = 0; i < times; i++) {
    const d = gcraDecide(tat, now, limit);
    decisions.push(d);
    tat = d.newTat;
  }
  return { decisions, tat };
}

describe('limits: gcraDecide', () => {
  it('allows a full burst at once, counting remaining down, then refuses', () => {
    const { decisions } = run(undefined, T0, viewer, 21);
    expect(decisions.slice(0, 20).map((d) => d.allowed)).toEqual(Array(20).fill(true));
    expect(decisions.slice(0, 20).map((d) => d.remaining)).toEqual([19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(decisions[20]).toEqual({ allowed: false, newTat: decisions[19].newTat, retryAfterMs: 1500, remaining: 0 });
  });

  it.each([
    ['viewer 20/30 s', viewer, T0],
    ['gateway 20/s burst 40', { rate: 20, per: 1000, burst: 40 }, T0],
    ['inexact interval 3/s', { rate: 3, per: 1000, burst: 3 }, T0],
    ['inexact interval 7/s burst 1', { rate: 7, per: 1000, burst: 1 }, T0 + 0.5],
    ['room 200/s burst 400', { rate: 200, per: 1000, burst: 400 }, 0],
  ])('%s: exactly `burst` at once, and waiting retryAfterMs is always enough', (_name, limit, start) => {
    const burst = run(undefined, start, limit, limit.burst + 1);
    expect(burst.decisions.filter((d) => d.allowed)).toHaveLength(limit.burst);
    let tat = burst.tat;
    let now = start;
    for (let i = 0; i < 50; i++) {
      const refused = gcraDecide(tat, now, limit);
      expect(refused.allowed).toBe(false);
      now += refused.retryAfterMs;
      const next = gcraDecide(tat, now, limit);
      expect(next.allowed).toBe(true);
      tat = next.newTat;
    }
  });

  it.each([
    ['every 100 ms for 60 s', 100, 60_000],
    ['every 1 ms for 10 s', 1, 10_000],
    ['every 1499 ms for 5 min (just above the rate)', 1499, 300_000],
    ['every 1000 ms for 5 min', 1000, 300_000],
  ])('admits min(sent, burst + elapsed / interval), give or take one (%s)', (_name, step, duration) => {
    let tat: number | undefined;
    let sent = 0;
    let allowed = 0;
    for (let t = 0; t < duration; t += step) {
      const d = gcraDecide(tat, T0 + t, viewer);
      tat = d.newTat;
      sent++;
      if (d.allowed) allowed++;
    }
    const ceiling = viewer.burst + Math.floor(duration / 1500);
    expect(allowed).toBeLessThanOrEqual(ceiling);
    expect(allowed).toBeGreaterThanOrEqual(Math.min(sent, ceiling - 1));
  });

  it.each([
    ['never seen', undefined],
    ['idle for an hour', T0 - 3_600_000],
    ['idle exactly now', T0],
  ])('a key %s gets a full burst and no more', (_name, tat) => {
    expect(gcraDecide(tat, T0, viewer)).toEqual({ allowed: true, newTat: T0 + 1500, retryAfterMs: 0, remaining: 19 });
  });

  it('ignores a TAT further ahead than a spent burst (never written by this rule) instead of refusing until then', () => {
    const spent = run(undefined, T0, viewer, 20).tat as number;
    expect(gcraDecide(spent, T0, viewer)).toMatchObject({ allowed: false });
    expect(gcraDecide(1e15, T0, viewer)).toEqual(gcraDecide(undefined, T0, viewer));
  });

  it('refills one event per interval', () => {
    const { tat } = run(undefined, T0, viewer, 20);
    expect(gcraDecide(tat, T0 + 1499, viewer)).toMatchObject({ allowed: false, retryAfterMs: 1 });
    expect(gcraDecide(tat, T0 + 1500, viewer)).toMatchObject({ allowed: true, remaining: 0 });
    expect(gcraDecide(tat, T0 + 4500, viewer)).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('shares one limit across replicas that write the TAT with compare-and-set', () => {
    const kv = { tat: undefined as number | undefined, revision: 0 };
    const replicaDecide = (now: number) => {
      for (;;) {
        const read = { ...kv };
        const d = gcraDecide(read.tat, now, viewer);
        if (!d.allowed) return d;
        if (kv.revision !== read.revision) continue; // lost the race: read again
        kv.tat = d.newTat;
        kv.revision++;
        return d;
      }
    };
    const allowed = Array.from({ length: 30 }, (_, i) => replicaDecide(T0 + i)).filter((d) => d.allowed);
    expect(allowed).toHaveLength(20);
  });

  it.each([
    ['zero rate', { rate: 0, per: 1000, burst: 1 }],
    ['negative period', { rate: 1, per: -1, burst: 1 }],
    ['burst below one', { rate: 1, per: 1000, burst: 0.5 }],
    ['NaN', { rate: Number.NaN, per: 1000, burst: 1 }],
    ['infinite rate', { rate: Number.POSITIVE_INFINITY, per: 1000, burst: 1 }],
  ])('refuses an unusable limit: %s', (_name, limit) => {
    expect(() => gcraDecide(undefined, T0, limit)).toThrow(LivecastError);
    expect(() => gcraDecide(undefined, T0, limit)).toThrow(expect.objectContaining({ code: ErrorCode.Invalid }));
  });
});
