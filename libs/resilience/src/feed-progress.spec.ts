import { FeedProgress, type FeedSample } from './feed-progress';

describe('resilience: FeedProgress', () => {
  const s = (pending: number, deliveredSeq: number, ackPending = 0): FeedSample => ({ pending, deliveredSeq, ackPending });

  it.each<[string, FeedSample, FeedSample, boolean]>([
    ['messages waiting, nothing delivered → stalled', s(5, 10), s(7, 10), true],
    ['messages waiting, delivery moving → fine', s(5, 10), s(5, 14), false],
    ['idle: nothing waiting → fine', s(0, 10), s(0, 10), false],
    ['waiting only now (just published) → fine', s(0, 10), s(3, 10), false],
    ['at the ack-pending limit → held back, fine', s(5, 10, 100), s(5, 10, 100), false],
  ])('%s', (_name, first, second, stalled) => {
    const progress = new FeedProgress(100);
    expect(progress.stalled(first)).toBe(false);
    expect(progress.stalled(second)).toBe(stalled);
  });

  it('counts a consumer lost after maxFailures failed samples in a row, and a good sample resets the count', () => {
    const progress = new FeedProgress(100, 3);
    expect([progress.failed(), progress.failed()]).toEqual([false, false]);
    expect(progress.stalled(s(0, 1))).toBe(false);
    expect([progress.failed(), progress.failed(), progress.failed()]).toEqual([false, false, true]);
  });
});
