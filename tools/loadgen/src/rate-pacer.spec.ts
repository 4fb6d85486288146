import { RatePacer } from './rate-pacer';

describe('RatePacer', () => {
  it('rate pacing: releases floor(elapsed × rate) operations', () => {
    const pacer = new RatePacer(1000, 0, 1000);
    expect(pacer.due(0)).toBe(0);
    expect(pacer.due(10)).toBe(10);
    pacer.issue(10);
    expect(pacer.due(10)).toBe(0);
    expect(pacer.due(15.5)).toBe(5);
  });

  it('rate pacing: fractional rates accumulate across ticks', () => {
    const pacer = new RatePacer(0.5, 0);
    expect(pacer.due(1999)).toBe(0);
    expect(pacer.due(2000)).toBe(1);
    pacer.issue(1);
    expect(pacer.due(3999)).toBe(0);
    expect(pacer.due(4000)).toBe(1);
  });

  it('rate pacing: unissued operations stay due up to the backlog, the rest are missed', () => {
    const pacer = new RatePacer(1000, 0, 50);
    expect(pacer.due(10)).toBe(10);
    expect(pacer.due(200)).toBe(50);
    expect(pacer.missedCount).toBe(150);
    pacer.issue(50);
    expect(pacer.due(210)).toBe(10);
    expect(pacer.issuedCount).toBe(50);
  });

  it('rate pacing: achieves the rate over a run driven by a coarse timer', () => {
    const pacer = new RatePacer(333, 1000);
    for (let t = 1000; t <= 11_000; t += 7) pacer.issue(pacer.due(t));
    expect(pacer.issuedCount).toBeGreaterThanOrEqual(3328);
    expect(pacer.issuedCount).toBeLessThanOrEqual(3330);
    expect(pacer.missedCount).toBe(0);
  });

  it('rate pacing: refuses a non-positive rate', () => {
    expect(() => new RatePacer(0, 0)).toThrow(RangeError);
  });
});
