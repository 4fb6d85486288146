import { RoomSequence } from './room-sequence';
import { frame, msg } from './testing/fixtures';

const seqsOf = (messages: { seq: number }[]) => messages.map((m) => m.seq);

describe('client-sdk: RoomSequence', () => {
  it('chains frames by prevSeq and reports a missed frame', () => {
    const room = new RoomSequence();
    room.anchor([msg(1), msg(2)], 2);
    expect(room.frame(frame([3], { prevSeq: 2 })).gap).toBeUndefined();
    expect(room.frame(frame([6], { prevSeq: 5 })).gap).toEqual({ expectedPrev: 3, got: 5 });
    expect(room.watermark).toBe(6);
  });

  it('names the gap a frame would show without taking the frame', () => {
    const room = new RoomSequence();
    room.anchor([], 3);
    expect(room.gapBefore(frame([6], { prevSeq: 5 }))).toEqual({ expectedPrev: 3, got: 5 });
    expect(room.watermark).toBe(3);
    expect(room.gapBefore(frame([4], { prevSeq: 3 }))).toBeUndefined();
  });

  it.each<[string, number | undefined]>([
    ['absent prevSeq (a new fan-out owner) is accepted', undefined],
    ['prevSeq behind a join lastSeq is not a loss', 7],
    ['prevSeq equal to the watermark', 10],
  ])('%s', (_name, prevSeq) => {
    const room = new RoomSequence();
    room.anchor([], 10);
    expect(room.frame(frame([11], prevSeq === undefined ? {} : { prevSeq })).gap).toBeUndefined();
  });

  it('skips a replayed message at or below the watermark (an earlier owner accounted for it), shows one above it', () => {
    const room = new RoomSequence();
    room.frame(frame([10], { prevSeq: 5 }));
    // A new owner replays 7..12; the last owner's frames showed 10 and dropped 7-9.
    const intake = room.frame(frame([8, 9, 11, 12], { replayed: [8, 9, 11, 12] }));
    expect(seqsOf(intake.fresh)).toEqual([11, 12]);
    expect(room.watermark).toBe(12);
  });

  it('a message older than the watermark that is not listed as replayed is still shown (a deferred priority message)', () => {
    const room = new RoomSequence();
    room.frame(frame([10]));
    expect(seqsOf(room.frame(frame([7, 11], { replayed: [11] })).fresh)).toEqual([7, 11]);
  });

  it('accepts the first frame when never anchored', () => {
    expect(new RoomSequence().frame(frame([4], { prevSeq: 3 })).gap).toBeUndefined();
  });

  it('de-duplicates by seq across history, frames and echoes, keeping late ones', () => {
    const room = new RoomSequence();
    expect(seqsOf(room.anchor([msg(1), msg(2)], 2))).toEqual([1, 2]);
    expect(seqsOf(room.frame(frame([2, 3, 4], { prevSeq: 2 })).fresh)).toEqual([3, 4]);
    expect(seqsOf(room.unseen([msg(6)]))).toEqual([6]);
    // Seq 5 was deferred by shaping; it arrives after 6 and is still shown, 6 is not shown twice.
    expect(seqsOf(room.frame(frame([5, 6, 7], { prevSeq: 4 })).fresh)).toEqual([5, 7]);
  });

  it('never lets the watermark go back', () => {
    const room = new RoomSequence();
    room.frame(frame([9], { toSeq: 9 }));
    room.anchor([], 5);
    room.frame(frame([3], { toSeq: 3, prevSeq: 2 }));
    expect(room.watermark).toBe(9);
  });
});
