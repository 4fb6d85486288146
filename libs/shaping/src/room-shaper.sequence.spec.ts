import type { ChatMessage, RoomFrame } from '@livecast/contracts';
import { shapingConfig } from './config';
import { RoomShaper } from './room-shaper';
import { auditFrames, message } from './spec-kit';

type Step = ['push', ChatMessage, number] | ['tick', number];
type Expect = Pick<RoomFrame, 'fromSeq' | 'toSeq'> & { prevSeq?: number; shown: number[]; dropped: number; likes: number };

/** Runs steps on a small-budget room (1 normal per 100 ms frame, 2 priority per second) so tables stay short. */
function run(steps: Step[]): { frames: RoomFrame[]; pushed: ChatMessage[] } {
  const shaper = new RoomShaper('r1', shapingConfig({ screenRate: 10, priorityRate: 2 }));
  const frames: RoomFrame[] = [];
  const pushed: ChatMessage[] = [];
  for (const step of steps) {
    const frame = step[0] === 'push' ? shaper.push(step[1], step[2]) : shaper.tick(step[1]);
    if (step[0] === 'push') pushed.push(step[1]);
    if (frame !== null) frames.push(frame);
  }
  return { frames, pushed };
}

const view = (f: RoomFrame): Expect => {
  const v: Expect = { fromSeq: f.fromSeq, toSeq: f.toSeq, shown: f.messages.map((m) => m.seq), dropped: f.shaped.dropped, likes: f.shaped.likes };
  if (f.prevSeq !== undefined) v.prevSeq = f.prevSeq;
  return v;
};

describe('RoomShaper sequence accounting', () => {
  const gift = (seq: number): ChatMessage => message(seq, 'gift');
  const chat = (seq: number): ChatMessage => message(seq);
  const like = (seq: number): ChatMessage => message(seq, 'like');

  const cases: [string, Step[], Expect[]][] = [
    [
      'pass-through frames chain by prevSeq',
      [['push', chat(1), 0], ['push', chat(4), 10], ['push', gift(9), 20]],
      [
        { fromSeq: 1, toSeq: 1, shown: [1], dropped: 0, likes: 0 },
        { fromSeq: 4, toSeq: 4, prevSeq: 1, shown: [4], dropped: 0, likes: 0 },
        { fromSeq: 9, toSeq: 9, prevSeq: 4, shown: [9], dropped: 0, likes: 0 },
      ],
    ],
    [
      'a deferred gift is accounted by the frame that shows it, below prevSeq; toSeq holds the watermark',
      [
        ['push', gift(1), 0], // passes through
        ['push', gift(2), 10], // reaches the 2/s rate: room turns shaped, gift waits
        ['push', gift(3), 15],
        ['push', chat(4), 20],
        ['push', like(5), 30],
        ['push', chat(6), 40], // over the 1-per-frame share: dropped
        ['tick', 100], // priority window has room for one more
        ['tick', 1000], // gift 1 left the window
      ],
      [
        { fromSeq: 1, toSeq: 1, shown: [1], dropped: 0, likes: 0 },
        { fromSeq: 2, toSeq: 6, prevSeq: 1, shown: [2, 4], dropped: 1, likes: 1 },
        { fromSeq: 3, toSeq: 6, prevSeq: 6, shown: [3], dropped: 0, likes: 0 },
      ],
    ],
    [
      'a deferred gift and newer chat share a frame, in seq order',
      [['push', gift(1), 0], ['push', gift(2), 10], ['push', gift(3), 20], ['tick', 100], ['push', chat(7), 990], ['tick', 1000]],
      [
        { fromSeq: 1, toSeq: 1, shown: [1], dropped: 0, likes: 0 },
        { fromSeq: 2, toSeq: 2, prevSeq: 1, shown: [2], dropped: 0, likes: 0 },
        { fromSeq: 3, toSeq: 7, prevSeq: 2, shown: [3, 7], dropped: 0, likes: 0 },
      ],
    ],
    [
      'likes-only and drops-only frames still carry the range',
      [['push', like(3), 0], ['tick', 0], ['push', like(5), 10], ['push', like(6), 20], ['tick', 100]],
      [
        { fromSeq: 3, toSeq: 3, shown: [], dropped: 0, likes: 1 },
        { fromSeq: 5, toSeq: 6, prevSeq: 3, shown: [], dropped: 0, likes: 2 },
      ],
    ],
  ];

  it.each(cases)('sequence: %s', (_name, steps, expected) => {
    const { frames, pushed } = run(steps);
    expect(frames.map(view)).toEqual(expected);
    expect(() => auditFrames(pushed, frames)).not.toThrow();
  });

  it('sequence: at the queue cap the oldest gift is shed, counted, and accounted in the next frame', () => {
    const shaper = new RoomShaper('r1', shapingConfig({ priorityRate: 2, priorityQueueCap: 2 }));
    expect(shaper.push(message(1, 'gift'), 0)).not.toBeNull();
    for (const seq of [2, 3, 4]) expect(shaper.push(message(seq, seq === 4 ? 'system' : 'gift'), 1)).toBeNull();
    expect(shaper.stats.priorityShed).toBe(1);
    expect(shaper.stats.dropped.gift).toBe(1);
    expect(shaper.pending).toBe(2);
    const f = shaper.tick(100);
    expect(f).toMatchObject({ fromSeq: 2, toSeq: 4, prevSeq: 1, shaped: { dropped: 1, likes: 0 } });
    expect(f?.messages.map((m) => m.seq)).toEqual([4]); // urgent first
    expect(shaper.tick(1000)).toMatchObject({ fromSeq: 3, toSeq: 4, prevSeq: 4, messages: [message(3, 'gift')] });
  });
});
