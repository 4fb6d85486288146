import { SlidingCounter } from './sliding-counter';

describe('SlidingCounter', () => {
  // [events as [time, n], query time, expected count] with a 1000 ms window.
  const cases: [string, [number, number][], number, number][] = [
    ['empty', [], 0, 0],
    ['one event, same instant', [[0, 1]], 0, 1],
    ['event just inside the window', [[0, 3]], 999, 3],
    ['event exactly one window old is out', [[0, 3]], 1000, 0],
    ['partial expiry', [[0, 1], [500, 2], [900, 4]], 1499, 6],
    ['all expired', [[0, 1], [500, 2], [900, 4]], 5000, 0],
    ['same-ms events merge', [[10, 1], [10, 1], [10, 1]], 10, 3],
  ];

  it.each(cases)('SlidingCounter: %s', (_name, events, at, expected) => {
    const c = new SlidingCounter(1000);
    for (const [t, n] of events) c.add(t, n);
    expect(c.count(at)).toBe(expected);
  });

  it('SlidingCounter: a granule merges nearby events and only ever over-counts', () => {
    const c = new SlidingCounter(1000, 10);
    c.add(0);
    c.add(9); // merged into the entry at 0
    c.add(10);
    expect(c.count(1000)).toBe(1); // the merged entry expires with its older time
    expect(c.count(1010)).toBe(0);
  });

  it('SlidingCounter: stays exact over a long run with compaction', () => {
    const c = new SlidingCounter(1000);
    for (let t = 0; t < 20_000; t++) {
      c.add(t);
      expect(c.count(t)).toBe(Math.min(t + 1, 1000));
    }
  });
});
