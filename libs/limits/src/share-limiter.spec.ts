import { ShareLimiter, shareOf } from './share-limiter';
import type { RateLimit } from './gcra';

const T0 = 1_700_000_000_000;
const viewer: RateLimit = { rate: 20, per: 30_000, burst: 20 };
const room: RateLimit = { rate: 200, per: 1000, burst: 400 };

/** A seeded PRNG (mulberry32), so the routing of each case is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * N replicas on 1/N each, events routed at random (as a queue group does); a refused
 * event is offered to the peers in turn when `borrow` is set (what ingest does).
 */
function simulate(n: number, limit: RateLimit, events: number, spanMs: number, borrow: boolean, seed = 1): number {
  const replicas = Array.from({ length: n }, () => new ShareLimiter());
  const pick = random(seed);
  let allowed = 0;
  for (let i = 0; i < events; i++) {
    const now = T0 + Math.floor((i * spanMs) / events);
    const first = Math.floor(pick() * n);
    const order = borrow ? replicas.map((_, k) => replicas[(first + k) % n]) : [replicas[first]];
    if (order.some((r) => r.take('k', limit, 1 / n, now).allowed)) allowed++;
  }
  return allowed;
}

/** What one limiter holding the whole budget allows over `spanMs`: the burst plus the rate. */
const budget = (limit: RateLimit, spanMs: number) => limit.burst + Math.floor((spanMs * limit.rate) / limit.per);

describe('limits: shareOf', () => {
  it.each([
    ['the whole budget', viewer, 1, viewer],
    ['half', viewer, 0.5, { rate: 10, per: 30_000, burst: 10 }],
    ['a burst below one event is floored at one', { rate: 10, per: 1000, burst: 2 }, 0.25, { rate: 2.5, per: 1000, burst: 1 }],
  ])('%s', (_name, limit, share, expected) => {
    expect(shareOf(limit, share)).toEqual(expected);
  });

  it('refuses a share outside (0, 1]', () => {
    expect(() => shareOf(viewer, 0)).toThrow(/share/);
    expect(() => shareOf(viewer, 1.5)).toThrow(/share/);
  });
});

describe('limits: ShareLimiter', () => {
  it.each([
    // [replicas, limit, events offered, over ms]
    [2, viewer, 200, 30_000],
    [3, viewer, 500, 60_000],
    [4, room, 5000, 2000],
    [8, { rate: 10, per: 1000, burst: 5 }, 400, 3000],
  ])('%i replicas on their shares never grant more than the budget plus the burst floor (%j)', (n, limit, events, span) => {
    for (const borrow of [false, true]) {
      for (const seed of [1, 2, 3]) {
        const bound = budget(limit, span) + Math.max(0, n - limit.burst) + 1;
        expect(simulate(n, limit, events, span, borrow, seed)).toBeLessThanOrEqual(bound);
      }
    }
  });

  it('with borrowing, replicas together grant a concurrent burst exactly', () => {
    for (const seed of [1, 2, 3, 4, 5]) expect(simulate(2, viewer, 30, 1, true, seed)).toBe(20);
    expect(simulate(4, room, 1000, 1, true)).toBe(400);
  });

  it('a spent key stays spent when the share shrinks (a replica joined)', () => {
    const limiter = new ShareLimiter();
    for (let i = 0; i < 20; i++) limiter.take('u', viewer, 1, T0);
    expect(limiter.take('u', viewer, 1, T0).allowed).toBe(false);
    // Its TAT lies beyond the half share's tolerance: clamped, not taken for a corrupt value.
    expect(limiter.take('u', viewer, 0.5, T0)).toMatchObject({ allowed: false });
    expect(limiter.take('u', viewer, 0.5, T0 + 3000)).toMatchObject({ allowed: true });
  });

  it('a grown share (a replica left or died) keeps the count of events granted here, at the new cost: the rest of the burst is free at once', () => {
    const limiter = new ShareLimiter();
    let allowed = 0;
    for (let i = 0; i < 20; i++) if (limiter.take('u', viewer, 0.5, T0).allowed) allowed++;
    expect(allowed).toBe(10);
    // Ten events granted on half the budget are ten of the whole: ten more now, then the full rate (one per 1.5 s).
    let more = 0;
    for (let i = 0; i < 20; i++) if (limiter.take('u', viewer, 1, T0).allowed) more++;
    expect(more).toBe(10);
    expect(limiter.take('u', viewer, 1, T0 + 1500).allowed).toBe(true);
    expect(limiter.take('u', viewer, 1, T0 + 1500).allowed).toBe(false);
  });

  it('a steady sender within the budget is not refused when its replica becomes the only one', () => {
    const lane: RateLimit = { rate: 10, per: 1000, burst: 5 };
    const limiter = new ShareLimiter();
    // 6.7 events/s: alone on a half share (5/s) it runs into the share's tolerance…
    let t = T0;
    let refusedOnHalf = false;
    for (let i = 0; i < 20 && !refusedOnHalf; i++, t += 150) refusedOnHalf = !limiter.take('p', lane, 0.5, t).allowed;
    expect(refusedOnHalf).toBe(true);
    // …and the moment the peer is counted out, the whole lane (10/s) carries it.
    for (let i = 0; i < 40; i++, t += 150) expect(limiter.take('p', lane, 1, t).allowed).toBe(true);
  });

  it('a refund gives one event back, never more than was taken', () => {
    const limiter = new ShareLimiter();
    const limit = { rate: 2, per: 1000, burst: 2 };
    expect([limiter.take('k', limit, 1, 0).allowed, limiter.take('k', limit, 1, 0).allowed, limiter.take('k', limit, 1, 0).allowed]).toEqual([true, true, false]);
    limiter.refund('k', limit, 1, 0);
    expect(limiter.take('k', limit, 1, 0).allowed).toBe(true);
    expect(limiter.take('k', limit, 1, 0).allowed).toBe(false);
    limiter.refund('k', limit, 1, 0);
    limiter.refund('k', limit, 1, 0);
    limiter.refund('k', limit, 1, 0);
    expect(limiter.size).toBe(0);
    expect([limiter.take('k', limit, 1, 0).allowed, limiter.take('k', limit, 1, 0).allowed, limiter.take('k', limit, 1, 0).allowed]).toEqual([true, true, false]);
    limiter.refund('never-taken', limit, 1, 0);
    expect(limiter.size).toBe(1);
  });

  it('keeps at most maxKeys keys and sweeps idle ones', () => {
    const limiter = new ShareLimiter({ maxKeys: 2 });
    limiter.take('a', viewer, 1, T0);
    limiter.take('b', viewer, 1, T0);
    limiter.take('c', viewer, 1, T0);
    expect(limiter.size).toBe(2);
    expect(limiter.sweep(T0 + 2000)).toBe(2);
    expect(() => new ShareLimiter({ maxKeys: 0 })).toThrow(/maxKeys/);
  });
});
