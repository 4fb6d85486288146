import type { ChatMessage } from '@livecast/contracts';
import { PriorityQueue } from './priority-queue';
import { message } from './spec-kit';

describe('PriorityQueue', () => {
  const gift = (seq: number): ChatMessage => message(seq, 'gift');
  const host = (seq: number): ChatMessage => message(seq, 'chat', 'host');
  const system = (seq: number): ChatMessage => message(seq, 'system');

  const cases: [string, ChatMessage[], number, number[]][] = [
    ['gifts oldest first', [gift(1), gift(2), gift(3)], 2, [1, 2]],
    ['urgent before older gifts', [gift(1), gift(2), host(3), system(4)], 3, [3, 4, 1]],
    ['take more than held', [gift(5), host(6)], 10, [6, 5]],
    ['take none', [gift(1)], 0, []],
  ];

  it.each(cases)('PriorityQueue: %s', (_name, input, n, expected) => {
    const q = new PriorityQueue(100);
    for (const m of input) expect(q.push(m, 0)).toBeUndefined();
    const out: ChatMessage[] = [];
    expect(q.take(n, out)).toBe(expected.length);
    expect(out.map((m) => m.seq)).toEqual(expected);
    expect(q.size).toBe(input.length - expected.length);
  });

  it('PriorityQueue: past the cap sheds the oldest gift, then the oldest urgent', () => {
    const q = new PriorityQueue(2);
    expect(q.push(host(1), 0)).toBeUndefined();
    expect(q.push(gift(2), 0)).toBeUndefined();
    expect(q.push(host(3), 0)?.seq).toBe(2);
    expect(q.push(system(4), 0)?.seq).toBe(1);
    const out: ChatMessage[] = [];
    q.take(5, out);
    expect(out.map((m) => m.seq)).toEqual([3, 4]);
  });

  it('PriorityQueue: sheds what was queued before the cutoff, in each tier, and keeps the rest in order', () => {
    const q = new PriorityQueue(10);
    q.push(gift(1), 0);
    q.push(host(2), 100);
    q.push(gift(3), 2000);
    q.push(host(4), 2500);
    const shed: ChatMessage[] = [];
    expect(q.shedOlderThan(1000, (m) => shed.push(m))).toBe(2);
    expect(shed.map((m) => m.seq).sort()).toEqual([1, 2]);
    const out: ChatMessage[] = [];
    q.take(5, out);
    expect(out.map((m) => m.seq)).toEqual([4, 3]);
  });
});
