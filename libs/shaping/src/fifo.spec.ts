import { Fifo } from './fifo';

describe('Fifo', () => {
  // [pushes, shifts, expected next items]
  const cases: [number, number, (number | undefined)[]][] = [
    [0, 0, [undefined]],
    [3, 1, [1, 2, undefined]],
    [5000, 2500, [2500, 2501]], // crosses the compaction threshold
    [5000, 4999, [4999, undefined]],
  ];

  it.each(cases)('Fifo: push %i, shift %i', (pushes, shifts, next) => {
    const q = new Fifo<number>();
    for (let i = 0; i < pushes; i++) q.push(i);
    for (let i = 0; i < shifts; i++) expect(q.shift()).toBe(i);
    expect(q.size).toBe(pushes - shifts);
    for (const item of next) expect(q.shift()).toBe(item);
  });

  it('Fifo: interleaved use keeps order', () => {
    const q = new Fifo<number>();
    let out = 0;
    for (let i = 0; i < 10_000; i++) {
      q.push(i);
      if (i % 3 === 0) expect(q.shift()).toBe(out++);
    }
    while (q.size > 0) expect(q.shift()).toBe(out++);
    expect(out).toBe(10_000);
  });
});
