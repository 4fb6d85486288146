import { emptyHistogram, percentile, record } from './histogram';
import { mergeAll, mergeStats, type StatsTree } from './merge';

describe('mergeStats', () => {
  it('merging worker stats: sums counters, maxes max*, mins min*, merges records', () => {
    const a: StatsTree = { joins: 3, maxLag: 10, minFree: 5, errors: { TIMEOUT: 1 } };
    const b: StatsTree = { joins: 4, maxLag: 7, minFree: 2, errors: { TIMEOUT: 2, RATE_LIMITED: 5 } };
    expect(mergeStats(a, b)).toEqual({ joins: 7, maxLag: 10, minFree: 2, errors: { TIMEOUT: 3, RATE_LIMITED: 5 } });
  });

  it('merging worker stats: adds histograms and copies one-sided keys without aliasing', () => {
    const ha = emptyHistogram();
    const hb = emptyHistogram();
    record(ha, 10);
    record(hb, 1000);
    const parts: StatsTree[] = [{ lat: ha }, { lat: hb, only: { n: 1 } }];
    const merged = mergeAll(parts);
    const lat = merged.lat as ReturnType<typeof emptyHistogram>;
    expect(lat.count).toBe(2);
    expect(percentile(lat, 100)).toBe(1000);
    expect(ha.count).toBe(1);
    (merged.only as StatsTree).n = 99;
    expect((parts[1].only as StatsTree).n).toBe(1);
  });

  it('merging worker stats: refuses mismatched shapes', () => {
    expect(() => mergeStats({ x: 1 } as StatsTree, { x: { y: 1 } } as StatsTree)).toThrow(/cannot merge/);
  });
});
