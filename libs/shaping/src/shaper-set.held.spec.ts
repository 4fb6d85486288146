import { ShaperSet } from './shaper-set';
import { flood, message } from './spec-kit';

// The fan-out acknowledges the stream only below the oldest seq any room still holds, so
// a message is never acked before a frame accounts for it.
describe('shaping: oldestHeldSeq', () => {
  it('is Infinity when a pass-through room emitted everything', () => {
    const set = new ShaperSet();
    expect(set.push(message(1), 0)).not.toBeNull();
    expect(set.oldestHeldSeq()).toBe(Infinity);
  });

  it('holds a like until the frame that counts it', () => {
    const set = new ShaperSet();
    set.push(message(5, 'like'), 0);
    expect(set.oldestHeldSeq()).toBe(5);
    expect(set.tickAll(100)).toHaveLength(1);
    expect(set.oldestHeldSeq()).toBe(Infinity);
  });

  it('never exceeds any seq that no emitted frame has accounted yet', () => {
    const set = new ShaperSet();
    const accounted = new Set<number>();
    const note = (frame: { fromSeq: number; toSeq: number; messages: { seq: number }[] } | null, pushed: number[]) => {
      if (!frame) return;
      for (const seq of pushed) if (seq >= frame.fromSeq && seq <= frame.toSeq) accounted.add(seq);
    };
    const pushed: number[] = [];
    const arrivals = [
      ...flood(500, 2000, { like: 0.2, gift: 0.1 }, { roomId: 'hot' }),
      ...flood(5, 2000, {}, { roomId: 'calm', firstSeq: 100_000 }),
    ].sort((a, b) => a.at - b.at);
    let nextTick = 0;
    for (const { at, msg } of arrivals) {
      while (nextTick <= at) {
        for (const frame of set.tickAll(nextTick)) note(frame, pushed);
        nextTick += 100;
      }
      pushed.push(msg.seq);
      note(set.push(msg, at), pushed);
      const oldest = set.oldestHeldSeq();
      for (const seq of pushed) if (seq < oldest) expect(accounted.has(seq)).toBe(true);
    }
  });
});
