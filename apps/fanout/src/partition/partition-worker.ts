import { busValidators, type ChatMessage, type Names, type RoomFrame } from '@livecast/contracts';
import { Bus, decodeJson } from '@livecast/nats';
import { ShaperSet, type ShapingConfig } from '@livecast/shaping';
import { counter } from '@livecast/service-runtime';
import { Logger } from '@nestjs/common';
import type { ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from 'nats';
import { consumerName, prepareConsumer } from './partition-consumer';

const messagesIn = counter('fanout_messages_total', 'messages consumed, by outcome', ['outcome'] as const);
const framesOut = counter('fanout_frames_total', 'frames published');

/** What a worker needs from its service. */
export interface PartitionWorkerDeps {
  bus: Bus;
  js: JetStreamClient;
  jsm: JetStreamManager;
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
  private unacked: JsMsg[] = [];
  private unackedHead = 0;
  private messages?: ConsumerMessages;
  private ticker?: NodeJS.Timeout;

  constructor(
    readonly partition: number,
    private readonly deps: PartitionWorkerDeps,
  ) {
    this.logger = new Logger(`Partition${partition}`);
    this.shapers = new ShaperSet(deps.shaping);
  }

  async start(): Promise<void> {
    const { resumeFrom } = await prepareConsumer(this.deps.jsm, this.deps.names, this.partition, this.deps.maxAckPending);
    const consumer = await this.deps.js.consumers.get(this.deps.names.streamMessages, consumerName(this.partition));
    this.messages = await consumer.consume({ max_messages: 1000 });
    this.ticker = setInterval(() => this.tick(), this.shapers.config.tickMs);
    this.logger.log(resumeFrom === undefined ? 'owned: starting with new messages' : `owned: resuming at seq ${resumeFrom}`);
    void this.run(this.messages);
  }

  async stop(): Promise<void> {
    clearInterval(this.ticker);
    this.messages?.stop();
    await this.messages?.closed().catch(() => undefined);
    this.messages = undefined;
  }

  setOnline(roomId: string, online: number): void {
    this.shapers.setOnline(roomId, online, Date.now());
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const m of messages) this.onMessage(m);
    } catch (err) {
      this.logger.error({ err }, 'consumer failed');
    }
  }

  private onMessage(m: JsMsg): void {
    this.unacked.push(m);
    const message = this.decode(m);
    if (message) this.publish(this.shapers.push(message, Date.now()));
    this.ackAccounted();
  }

  private tick(): void {
    for (const frame of this.shapers.tickAll(Date.now())) this.publish(frame);
    this.ackAccounted();
  }

  private publish(frame: RoomFrame | null): void {
    if (!frame) return;
    this.deps.bus.publish('frame', this.deps.names.deliver(frame.roomId), frame);
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

  private decode(m: JsMsg): ChatMessage | undefined {
    try {
      const message = busValidators.message.parse(decodeJson(m.data));
      message.seq = m.seq;
      messagesIn.inc({ outcome: 'shaped' });
      return message;
    } catch (err) {
      // A stored message that breaks the contract is skipped (and acked): it can never become valid.
      messagesIn.inc({ outcome: 'invalid' });
      this.logger.warn(`skipping invalid message at seq ${m.seq}: ${String(err)}`);
      return undefined;
    }
  }
}
