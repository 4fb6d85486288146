import type { ChatMessage } from '@livecast/contracts';
import { RecentMessages } from './recent-messages';

const msg = (seq: number): ChatMessage => ({
  seq,
  roomId: 'r',
  kind: 'chat',
  text: `m${seq}`,
  clientMsgId: `c${seq}`,
  from: { id: 'u', name: 'u', role: 'viewer', guest: false },
  ts: seq,
});
const seqs = (ring: RecentMessages, n = 100) => ring.latest(n).map((m) => m.seq);

describe('presence: RecentMessages', () => {
  it.each<[string, number[], number, number[]]>([
    ['in order', [1, 2, 3], 5, [1, 2, 3]],
    ['over capacity keeps newest', [1, 2, 3, 4, 5, 6], 3, [4, 5, 6]],
    ['out of order is placed', [1, 5, 3], 5, [1, 3, 5]],
    ['duplicates ignored', [1, 2, 2, 1], 5, [1, 2]],
    ['older than a full ring ignored', [5, 6, 7, 1], 3, [5, 6, 7]],
  ])('%s', (_name, input, capacity, expected) => {
    const ring = new RecentMessages(capacity);
    ring.addAll(input.map(msg));
    expect(seqs(ring)).toEqual(expected);
  });

  it('answers latest(n) oldest first and tracks the newest seq', () => {
    const ring = new RecentMessages(10);
    ring.addAll([1, 2, 3, 4].map(msg));
    expect(seqs(ring, 2)).toEqual([3, 4]);
    expect(ring.latest(0)).toEqual([]);
    expect(ring.newestSeq).toBe(4);
    expect(new RecentMessages(3).newestSeq).toBe(0);
  });
});
