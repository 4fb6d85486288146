import { binOf, binUpperBound, emptyHistogram, latencySummaryMs, mergeHistogram, percentile, record, HISTOGRAM_MAX_VALUE } from './histogram';

describe('histogram', () => {
  it('percentiles: exact below 128', () => {
    const h = emptyHistogram();
    for (let v = 1; v <= 100; v++) record(h, v);
    expect(percentile(h, 50)).toBe(50);
    expect(percentile(h, 99)).toBe(99);
    expect(percentile(h, 100)).toBe(100);
    expect(h.max).toBe(100);
    expect(h.min).toBe(1);
  });

  it('percentiles: within 1/64 for large values, never above the max', () => {
    const h = emptyHistogram();
    for (let v = 1; v <= 100_000; v++) record(h, v * 10);
    const p50 = percentile(h, 50);
    expect(Math.abs(p50 - 500_000) / 500_000).toBeLessThan(1 / 64);
    expect(percentile(h, 100)).toBe(1_000_000);
  });

  it('percentiles: empty is 0', () => {
    expect(percentile(emptyHistogram(), 99)).toBe(0);
    expect(latencySummaryMs(emptyHistogram())).toEqual({ count: 0, p50: 0, p99: 0, max: 0, mean: 0 });
  });

  it('bins: every value lands in a bin whose bound covers it', () => {
    for (const v of [0, 1, 127, 128, 129, 255, 256, 1000, 65_535, 1e6, 1e9, HISTOGRAM_MAX_VALUE]) {
      const bin = binOf(v);
      expect(binUpperBound(bin)).toBeGreaterThanOrEqual(v);
      if (bin > 0) expect(binUpperBound(bin - 1)).toBeLessThan(v);
    }
  });

  it('record: clamps negatives and huge values, rounds fractions', () => {
    const h = emptyHistogram();
    record(h, -5);
    record(h, 2.6);
    record(h, 1e12);
    expect(h.min).toBe(0);
    expect(h.max).toBe(HISTOGRAM_MAX_VALUE);
    expect(percentile(h, 50)).toBe(3);
  });

  it('merge: equals recording everything in one histogram', () => {
    const a = emptyHistogram();
    const b = emptyHistogram();
    const all = emptyHistogram();
    for (let v = 0; v < 5000; v++) {
      record(v % 2 ? a : b, v * 3);
      record(all, v * 3);
    }
    mergeHistogram(a, b);
    expect(a.count).toBe(all.count);
    expect(a.max).toBe(all.max);
    expect(a.min).toBe(all.min);
    expect(percentile(a, 99)).toBe(percentile(all, 99));
  });

  it('latencySummaryMs: converts µs to ms', () => {
    const h = emptyHistogram();
    record(h, 1500);
    expect(latencySummaryMs(h)).toEqual({ count: 1, p50: 1.5, p99: 1.5, max: 1.5, mean: 1.5 });
  });
});
