import type { Names, RoomFrame } from '@livecast/contracts';
import { Bus, MessageStream, type PartitionFeed, type PartitionOpening, type StoredMessage } from '@livecast/nats';
import { FeedProgress } from '@livecast/resilience';
import { classify, type ShaperSet } from '@livecast/shaping';
import { counter, gauge, jetStreamErrors } from '@livecast/service-runtime';
import { Logger } from '@nestjs/common';

const messagesIn = counter('fanout_messages_total', 'messages consumed, by outcome', ['outcome'] as const);
const framesOut = counter('fanout_frames_total', 'frames published');
const shapedAway = counter('fanout_shaped_dropped_total', 'messages kept off the live view by shaping (counted in frames, kept in history)');
const lag = gauge('fanout_consumer_lag', 'messages of the partition its consumer has not delivered yet (num_pending)', ['partition'] as const);

/** What a worker needs from its service. */
export interface PartitionWorkerDeps {
  bus: Bus;
  stream: MessageStream;
  names: Names;
  maxAckPending: number;
  /** How often the consumer's lag is read and its progress checked. */
  progressCheckMs: number;
}

/**
 * Serves one owned partition: consumes its slice of the stream in order, shapes each
 * room, publishes frames, and acknowledges a message only once an emitted frame has
 * accounted for it — so a new owner resumes exactly where frames stopped. A worker lives
 * as long as its feed: `ended` settles when the feed stops delivering (consumer gone,
 * heartbeats missed, stalled), and its supervisor opens a new worker at the ack floor.
 * The shapers outlive the worker (they live as long as the ownership): the ack floor can
 * be behind what frames showed (acks lost in a consumer's leader election), and a
 * successor on the same shapers skips what they already took instead of showing it again.
 * A new owner's shapers know nothing of what the last owner framed: chat it shows from
 * what the stream held when the feed opened is listed as `replayed` in the frame, and a
 * client that saw the last owner's frames skips it instead of showing it out of order.
 */
export class PartitionWorker {
  readonly ended: Promise<string>;
  private readonly logger: Logger;
  private readonly progress: FeedProgress;
  private readonly fullRooms: Set<string>;
  private unacked: StoredMessage[] = [];
  private unackedHead = 0;
  private ackedThrough = 0;
  private ticker?: NodeJS.Timeout;
  private checker?: NodeJS.Timeout;
  private end!: (reason: string) => void;
  /** Set by stop(): a message still arriving from the closing feed must not start a new ticker. */
  private stopped = false;

  private constructor(
    readonly partition: number,
    private readonly deps: PartitionWorkerDeps,
    private readonly feed: PartitionFeed,
    private readonly shapers: ShaperSet,
  ) {
    this.logger = new Logger(`Partition${partition}`);
    this.progress = new FeedProgress(deps.maxAckPending);
    this.fullRooms = new Set(feed.fullRooms);
    this.ended = new Promise<string>((resolve) => (this.end = resolve));
  }

  /**
   * Opens the partition's feed through the ownership's consumer slot (resuming at the ack
   * floor, or at `resumeAt` when that is later or no consumer is left) and starts serving
   * it into `shapers` (the ownership's, see above).
   */
  static async open(partition: number, deps: PartitionWorkerDeps, shapers: ShaperSet, opening: PartitionOpening): Promise<PartitionWorker> {
    const feed = await deps.stream.openPartition(partition, deps.maxAckPending, opening);
    const worker = new PartitionWorker(partition, deps, feed, shapers);
    worker.run();
    return worker;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.ticker);
    this.ticker = undefined;
    clearInterval(this.checker);
    lag.remove({ partition: String(this.partition) });
    await this.feed.stop();
  }

  /** Where a successor should resume: after the last message this worker acknowledged. */
  get resumeAt(): number {
    return this.ackedThrough > 0 ? this.ackedThrough + 1 : this.feed.startSeq;
  }

  setOnline(roomId: string, online: number): void {
    this.shapers.setOnline(roomId, online, Date.now());
  }

  private run(): void {
    const feed = this.feed;
    this.checker = setInterval(() => void this.checkProgress(), this.deps.progressCheckMs);
    this.logger.log(feed.resumeFrom === undefined ? 'owned: starting with new messages' : `owned: resuming at seq ${feed.resumeFrom}`);
    // A predecessor's shapers may still hold messages for a frame: keep ticking them.
    this.startTicking();
    void feed.ended.then((reason) => this.end(reason));
    void (async () => {
      try {
        for await (const stored of feed.messages) this.onMessage(stored);
        this.end('consume loop ended');
      } catch (err) {
        this.end(`consume loop failed: ${String(err)}`);
      }
    })();
  }

  /**
   * A room whose retention was full when the feed opened may have lost messages between
   * the last frames and this feed's first message of it: that frame shows a gap, so
   * clients that saw less resume and learn from history what is gone (once per room).
   */
  private mayHaveLost(roomId: string): boolean {
    if (this.fullRooms.size === 0) return false;
    return this.fullRooms.delete(this.deps.names.message(this.partition, roomId));
  }

  private async checkProgress(): Promise<void> {
    try {
      const state = await this.feed.state();
      lag.set({ partition: String(this.partition) }, state.pending);
      if (this.progress.stalled(state)) this.end(`stalled: ${state.pending} pending, nothing delivered for ${this.deps.progressCheckMs} ms`);
    } catch (err) {
      jetStreamErrors.record('consumer.info', err);
      if (this.progress.failed()) this.end(`consumer unreachable: ${String(err)}`);
    }
  }

  private onMessage(stored: StoredMessage): void {
    // A closing feed may still yield what it buffered: its successor gets it again.
    if (this.stopped) return;
    this.unacked.push(stored);
    const message = stored.message;
    // A stored message that breaks the contract is skipped (and acked): it can never become valid.
    if (!message) messagesIn.inc({ outcome: 'invalid' });
    else if (stored.seq <= this.shapers.lastTakenSeq(message.roomId)) messagesIn.inc({ outcome: 'redelivered' });
    else {
      messagesIn.inc({ outcome: 'shaped' });
      const now = Date.now();
      if (this.mayHaveLost(message.roomId)) this.shapers.suspectLoss(message.roomId, now);
      this.publish(this.shapers.push(message, now));
    }
    this.ackAccounted();
    this.startTicking();
  }

  private startTicking(): void {
    if (this.ticker === undefined && this.shapers.activeCount > 0 && !this.stopped) this.ticker = setInterval(() => this.tick(), this.shapers.config.tickMs);
  }

  /** Runs only while some room needs ticks: a partition of pass-through or idle rooms wakes nobody. */
  private tick(): void {
    if (this.stopped) return;
    for (const frame of this.shapers.tickAll(Date.now())) this.publish(frame);
    this.ackAccounted();
    if (this.shapers.activeCount === 0) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  private publish(frame: RoomFrame | null): void {
    if (!frame) return;
    if (frame.fromSeq <= this.feed.replayThrough) this.markReplayed(frame);
    this.deps.bus.publish(this.deps.names.deliver(frame.roomId), frame);
    framesOut.inc();
    if (frame.shaped.dropped > 0) shapedAway.inc(frame.shaped.dropped);
  }

  /** Lists the frame's chat messages that the partition's previous owner may have framed already (see above). */
  private markReplayed(frame: RoomFrame): void {
    const replayed: number[] = [];
    for (const m of frame.messages) if (m.seq <= this.feed.replayThrough && classify(m) === 'normal') replayed.push(m.seq);
    if (replayed.length > 0) frame.replayed = replayed;
  }

  /** Acks, in stream order, every message below the oldest one a shaper still holds. */
  private ackAccounted(): void {
    const oldestHeld = this.shapers.oldestHeldSeq();
    while (this.unackedHead < this.unacked.length && this.unacked[this.unackedHead].seq < oldestHeld) {
      const stored = this.unacked[this.unackedHead++];
      stored.ack();
      this.ackedThrough = stored.seq;
    }
    if (this.unackedHead === this.unacked.length) {
      this.unacked = [];
      this.unackedHead = 0;
    } else if (this.unackedHead > 4096) {
      this.unacked = this.unacked.slice(this.unackedHead);
      this.unackedHead = 0;
    }
  }
}
