import type { RoomRecord } from '@livecast/contracts';
import { RoomDirectory } from './room-directory';

const room = (title: string) => ({ roomId: 'r1', title }) as unknown as RoomRecord;

/** A rooms bucket whose reads the spec answers by hand. */
class HandBucket {
  reads = 0;
  private pending: { resolve: (v: { value: RoomRecord; revision: number } | null) => void; reject: (e: unknown) => void }[] = [];
  get(): Promise<{ value: RoomRecord; revision: number } | null> {
    this.reads++;
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  }
  answer(value: RoomRecord | null): void {
    this.pending.shift()?.resolve(value && { value, revision: 1 });
  }
  fail(): void {
    this.pending.shift()?.reject(new Error('TIMEOUT'));
  }
}

describe('RoomDirectory', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  async function primed(bucket: HandBucket, directory: RoomDirectory): Promise<void> {
    const first = directory.get('r1', Date.now());
    bucket.answer(room('first'));
    await expect(first).resolves.toEqual(room('first'));
  }

  /** A directory (2 s TTL, 250 ms revalidation wait) that has read room 'first' once. */
  async function primedDirectory(maxStaleMs?: number): Promise<{ bucket: HandBucket; directory: RoomDirectory }> {
    const bucket = new HandBucket();
    const directory = new RoomDirectory(bucket, 2000, 100, 250, maxStaleMs);
    await primed(bucket, directory);
    return { bucket, directory };
  }

  it('serves a fresh entry from memory and shares one read among concurrent misses', async () => {
    const bucket = new HandBucket();
    const directory = new RoomDirectory(bucket, 2000);
    const a = directory.get('r1', Date.now());
    const b = directory.get('r1', Date.now());
    bucket.answer(room('first'));
    await expect(Promise.all([a, b])).resolves.toEqual([room('first'), room('first')]);
    await expect(directory.get('r1', Date.now() + 1999)).resolves.toEqual(room('first'));
    expect(bucket.reads).toBe(1);
  });

  it('waits for the re-read of an expired entry when the bucket answers promptly', async () => {
    const { bucket, directory } = await primedDirectory();
    const again = directory.get('r1', Date.now() + 2001);
    bucket.answer(room('edited'));
    await expect(again).resolves.toEqual(room('edited'));
  });

  it('serves the expired entry while the re-read hangs (a leader election), and caches the re-read when it lands', async () => {
    const { bucket, directory } = await primedDirectory();
    jest.setSystemTime(Date.now() + 2001);
    const during = directory.get('r1', Date.now());
    await jest.advanceTimersByTimeAsync(250);
    await expect(during).resolves.toEqual(room('first'));
    bucket.answer(room('edited'));
    await Promise.resolve();
    await expect(directory.get('r1', Date.now())).resolves.toEqual(room('edited'));
    expect(bucket.reads).toBe(2);
  });

  it('serves the expired entry when the re-read fails, and reads again on the next call', async () => {
    const { bucket, directory } = await primedDirectory();
    const during = directory.get('r1', Date.now() + 2001);
    bucket.fail();
    await expect(during).resolves.toEqual(room('first'));
    const next = directory.get('r1', Date.now() + 2002);
    expect(bucket.reads).toBe(3);
    bucket.answer(room('edited'));
    await expect(next).resolves.toEqual(room('edited'));
  });

  it('never serves an entry expired longer than maxStaleMs, nor an invalidated one', async () => {
    const { bucket, directory } = await primedDirectory(10_000);
    const tooOld = directory.get('r1', Date.now() + 2000 + 10_001);
    bucket.fail();
    await expect(tooOld).rejects.toThrow('TIMEOUT');

    await primed(bucket, directory);
    directory.invalidate('r1');
    const afterClose = directory.get('r1', Date.now());
    bucket.fail();
    await expect(afterClose).rejects.toThrow('TIMEOUT');
  });
});
