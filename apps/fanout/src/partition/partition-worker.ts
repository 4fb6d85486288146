import type { Names, RoomFrame } from '@livecast/contracts';
import { Bus, MessageStream, type PartitionFeed, type StoredMessage } from '@livecast/nats';
import { ShaperSet, type ShapingConfig } from '@livecast/shaping';
import { counter } from '@livecast/service-runtime';
import { Logger } from '@nestjs/common';

const messagesIn = counter('fanout_messages_total', 'messages consumed, by outcome', ['outcome'] as const);
const framesOut = counter('fanout_frames_total', 'frames published');

/** What a worker needs from its service. */
export interface PartitionWorkerDeps {
  bus: Bus;
  stream: MessageStream;
  names: Names;
  shaping: Partial<ShapingConfig>;
  maxAckPending: number;
}

/**
 * Serves one owned partition: consumes its slice of the stream in order, shapes each
 * room, publishes frames, and acknowledges a message only once an emitted frame has
 * accounted for it — so a new owner resumes exactly where frames stopped.
 */
export class PartitionWorker {
  private readonly logger: Logger;
  private readonly shapers: ShaperSet;
  private unacked: StoredMessage[] = [];
  private unackedHead = 0;
  private feed?: PartitionFeed;
  private ticker?: NodeJS.Timeout;

  constructor(
    readonly partition: number,
    private readonly deps: PartitionWorkerDeps,
  ) {
    this.logger = new Logger(`Partition${partition}`);
    this.shapers = new ShaperSet(deps.shaping);
  }

  async start(): Promise<void> {
    const feed = await this.deps.stream.openPartition(this.partition, this.deps.maxAckPending);
    this.feed = feed;
    this.logger.log(feed.resumeFrom === undefined ? 'owned: starting with new messages' : `owned: resuming at seq ${feed.resumeFrom}`);
    void this.run(feed);
  }

  async stop(): Promise<void> {
    clearInterval(this.ticker);
    this.ticker = undefined;
    await this.feed?.stop();
    this.feed = undefined;
  }

  setOnline(roomId: string, online: number): void {
    this.shapers.setOnline(roomId, online, Date.now());
  }

  private async run(feed: PartitionFeed): Promise<void> {
    try {
      for await (const stored of feed.messages) this.onMessage(stored);
    } catch (err) {
      this.logger.error({ err }, 'consumer failed');
    }
  }

  private onMessage(stored: StoredMessage): void {
    this.unacked.push(stored);
    // A stored message that breaks the contract is skipped (and acked): it can never become valid.
    messagesIn.inc({ outcome: stored.message ? 'shaped' : 'invalid' });
    if (stored.message) this.publish(this.shapers.push(stored.message, Date.now()));
    this.ackAccounted();
    if (this.ticker === undefined && this.shapers.activeCount > 0 && this.feed) this.ticker = setInterval(() => this.tick(), this.shapers.config.tickMs);
  }

  /** Runs only while some room needs ticks: a partition of pass-through or idle rooms wakes nobody. */
  private tick(): void {
    for (const frame of this.shapers.tickAll(Date.now())) this.publish(frame);
    this.ackAccounted();
    if (this.shapers.activeCount === 0) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  private publish(frame: RoomFrame | null): void {
    if (!frame) return;
    this.deps.bus.publish(this.deps.names.deliver(frame.roomId), frame);
    framesOut.inc();
  }

  /** Acks, in stream order, every message below the oldest one a shaper still holds. */
  private ackAccounted(): void {
    const oldestHeld = this.shapers.oldestHeldSeq();
    while (this.unackedHead < this.unacked.length && this.unacked[this.unackedHead].seq < oldestHeld) {
      this.unacked[this.unackedHead++].ack();
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
