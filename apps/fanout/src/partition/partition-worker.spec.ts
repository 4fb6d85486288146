import { Names, type ChatMessage, type RoomFrame } from '@livecast/contracts';
import type { Bus, MessageStream, PartitionFeed, StoredMessage } from '@livecast/nats';
import { ShaperSet } from '@livecast/shaping';
import { Logger } from '@nestjs/common';
import { PartitionWorker, type PartitionWorkerDeps } from './partition-worker';

const names = new Names('lc');

function chat(seq: number, roomId = 'r1'): ChatMessage {
  return { seq, roomId, kind: 'chat', text: `m${seq}`, clientMsgId: `c${seq}`, from: { id: 'u1', name: 'n', role: 'viewer', guest: false }, ts: 0 };
}

/** A feed that yields what the test pushes, in order, and records acks. */
class FakeFeed implements PartitionFeed {
  readonly startSeq: number;
  readonly acked: number[] = [];
  readonly ended = new Promise<string>(() => undefined);
  private readonly queue: StoredMessage[] = [];
  private wake?: () => void;
  private closed = false;

  constructor(
    readonly resumeFrom: number | undefined,
    readonly fullRooms: ReadonlySet<string> = new Set(),
    readonly replayThrough = 0,
  ) {
    this.startSeq = resumeFrom ?? 1;
  }

  deliver(...messages: ChatMessage[]): void {
    for (const message of messages) this.queue.push({ seq: message.seq, message, ack: () => this.acked.push(message.seq) });
    this.wake?.();
  }

  get messages(): AsyncIterable<StoredMessage> {
    return this.iterate();
  }

  private async *iterate(): AsyncGenerator<StoredMessage> {
    while (!this.closed) {
      const next = this.queue.shift();
      if (next) yield next;
      else await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  async state() {
    return { pending: 0, deliveredSeq: 0, ackPending: 0 };
  }

  async stop(): Promise<void> {
    this.closed = true;
    this.wake?.();
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('PartitionWorker', () => {
  beforeAll(() => Logger.overrideLogger(false));
  const frames: RoomFrame[] = [];
  let feeds: FakeFeed[];
  const deps = (): PartitionWorkerDeps => ({
    bus: { publish: (_channel: unknown, frame: RoomFrame) => frames.push(frame) } as unknown as Bus,
    stream: { openPartition: async () => feeds.shift() } as unknown as MessageStream,
    names,
    maxAckPending: 100,
    progressCheckMs: 60_000,
  });

  beforeEach(() => {
    frames.length = 0;
  });

  it('PartitionWorker: a successor whose feed resumes behind what frames showed skips and acks the replay, and the room chain goes on', async () => {
    const first = new FakeFeed(undefined);
    const second = new FakeFeed(2);
    feeds = [first, second];
    const shapers = new ShaperSet();
    const before = await PartitionWorker.open(0, deps(), shapers, { consumerSlot: 0 });
    first.deliver(chat(1), chat(2), chat(3));
    await settle();
    await before.stop();
    // Acks of 2 and 3 were lost with the consumer's leader: its successor starts at 2.
    const after = await PartitionWorker.open(0, deps(), shapers, { consumerSlot: 0, resumeAt: before.resumeAt });
    second.deliver(chat(2), chat(3), chat(4));
    await settle();
    await after.stop();

    expect(frames.map((f) => [f.prevSeq, f.fromSeq, f.toSeq])).toEqual([
      [undefined, 1, 1],
      [1, 2, 2],
      [2, 3, 3],
      [3, 4, 4],
    ]);
    expect(second.acked).toEqual([2, 3, 4]);
  });

  it('PartitionWorker: a room whose retention was full when the feed re-opened shows a gap before its next message', async () => {
    const first = new FakeFeed(undefined);
    const second = new FakeFeed(5, new Set([names.message(0, 'r1')]));
    feeds = [first, second];
    const shapers = new ShaperSet();
    const before = await PartitionWorker.open(0, deps(), shapers, { consumerSlot: 0 });
    first.deliver(chat(1));
    await settle();
    await before.stop();
    const after = await PartitionWorker.open(0, deps(), shapers, { consumerSlot: 0, resumeAt: before.resumeAt });
    second.deliver(chat(9), chat(10));
    await settle();
    await after.stop();

    expect(frames.map((f) => [f.prevSeq, f.fromSeq])).toEqual([
      [undefined, 1],
      [8, 9],
      [9, 10],
    ]);
  });

  it('PartitionWorker: a new owner lists the chat it shows up to what the stream held at its open as replayed, not priority, not later chat', async () => {
    const feed = new FakeFeed(5, new Set(), 7);
    feeds = [feed];
    const worker = await PartitionWorker.open(0, deps(), new ShaperSet(), { consumerSlot: 1 });
    const host: ChatMessage = { ...chat(6), from: { id: 'h', name: 'h', role: 'host', guest: false } };
    feed.deliver(chat(5), host, chat(7), chat(8));
    await settle();
    await worker.stop();
    expect(frames.map((f) => [f.fromSeq, f.replayed])).toEqual([
      [5, [5]],
      [6, undefined],
      [7, [7]],
      [8, undefined],
    ]);
  });

  it('PartitionWorker: a stopped worker takes nothing more from its closing feed', async () => {
    const feed = new FakeFeed(undefined);
    feeds = [feed];
    const worker = await PartitionWorker.open(0, deps(), new ShaperSet(), { consumerSlot: 0 });
    await worker.stop();
    feed.deliver(chat(1));
    await settle();
    expect(frames).toEqual([]);
    expect(feed.acked).toEqual([]);
  });
});
