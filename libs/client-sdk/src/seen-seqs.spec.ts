import { SeenSeqs } from './seen-seqs';

describe('client-sdk: SeenSeqs', () => {
  it.each<[string, number[], number, boolean[]]>([
    ['new seqs are added once', [1, 2, 1, 3, 2], 10, [true, true, false, true, false]],
    ['out of order still de-duplicated', [5, 3, 4, 3, 5], 10, [true, true, true, false, false]],
    ['evicted seqs stay seen below the floor', [1, 2, 3, 1, 2], 2, [true, true, true, false, false]],
    ['seq 0 is never new', [0, 1], 4, [false, true]],
  ])('%s', (_name, input, capacity, expected) => {
    const seen = new SeenSeqs(capacity);
    expect(input.map((s) => seen.add(s))).toEqual(expected);
  });

  it('stays bounded and keeps accepting newer seqs', () => {
    const seen = new SeenSeqs(3);
    for (let s = 1; s <= 100; s++) seen.add(s);
    expect(seen.size).toBe(3);
    expect(seen.has(50)).toBe(true);
    expect(seen.add(101)).toBe(true);
  });

  it('refuses a non-positive capacity', () => {
    expect(() => new SeenSeqs(0)).toThrow(RangeError);
  });
});
