import { Names, busValidators, partitionOf, type ChatMessage } from '@livecast/contracts';
import { decodeJson } from '@livecast/nats';
import { NATS_CONNECTION, counter } from '@livecast/service-runtime';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AckPolicy, DeliverPolicy, nanos, type JetStreamClient, type JetStreamManager, type NatsConnection } from 'nats';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';

const reads = counter('history_reads_total', 'history reads from the stream', ['kind'] as const);

/** A slice of a room's history. */
export interface HistorySlice {
  messages: ChatMessage[];
  /** More was asked for than the slice holds (older messages were left out or are gone). */
  truncated: boolean;
  /** Seq of the room's newest stored message, 0 when it has none. */
  lastSeq: number;
}

/** Reads a room's history from the message stream with a short-lived ordered consumer. */
@Injectable()
export class HistoryReader {
  private readonly logger = new Logger('History');
  private js?: JetStreamClient;
  private jsm?: JetStreamManager;
  private cap?: number;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly names: Names,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** The newest `limit` messages of the room. */
  recent(roomId: string, limit: number): Promise<HistorySlice> {
    reads.inc({ kind: 'recent' });
    return this.read(roomId, 0, limit);
  }

  /** Messages after `sinceSeq`, at most `limit` (the newest of them when more were missed). */
  since(roomId: string, sinceSeq: number, limit: number): Promise<HistorySlice> {
    reads.inc({ kind: 'since' });
    return this.read(roomId, sinceSeq, limit);
  }

  private async read(roomId: string, afterSeq: number, limit: number): Promise<HistorySlice> {
    const subject = this.names.message(partitionOf(roomId, this.config.PARTITIONS), roomId);
    const lastSeq = await this.lastSeqOf(subject);
    if (lastSeq <= afterSeq || limit === 0) return { messages: [], truncated: false, lastSeq };
    const messages = await this.fetch(subject, afterSeq, lastSeq);
    // Every kept message is newer than afterSeq and the room's retention is full: older
    // ones were evicted, possibly some the client never saw.
    const firstKept = messages[0]?.seq ?? lastSeq;
    const gone = afterSeq > 0 && firstKept > afterSeq + 1 && messages.length >= (await this.perRoomCap());
    return { messages: messages.slice(-limit), truncated: messages.length > limit || gone, lastSeq };
  }

  /**
   * Reads the room's messages after `afterSeq` up to `lastSeq` through a short-lived
   * ephemeral pull consumer (single filter subject and explicit start: what nats-server
   * 2.9 supports). The stream keeps at most HISTORY_PER_ROOM per room, which bounds it.
   */
  private async fetch(subject: string, afterSeq: number, lastSeq: number): Promise<ChatMessage[]> {
    const jsm = (this.jsm ??= await this.nc.jetstreamManager());
    const js = (this.js ??= this.nc.jetstream());
    const info = await jsm.consumers.add(this.names.streamMessages, {
      filter_subject: subject,
      ack_policy: AckPolicy.None,
      mem_storage: true,
      inactive_threshold: nanos(10_000),
      ...(afterSeq > 0 ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: afterSeq + 1 } : { deliver_policy: DeliverPolicy.All }),
    });
    const messages: ChatMessage[] = [];
    try {
      if (info.num_pending === 0) return messages;
      const consumer = await js.consumers.get(this.names.streamMessages, info.name);
      const batch = await consumer.fetch({ max_messages: info.num_pending, expires: 2000 });
      for await (const m of batch) {
        const message = this.decode(m.data, m.seq);
        if (message) messages.push(message);
        if (m.seq >= lastSeq || m.info.pending === 0) break;
      }
      return messages;
    } finally {
      await jsm.consumers.delete(this.names.streamMessages, info.name).catch(() => undefined);
    }
  }

  private async perRoomCap(): Promise<number> {
    if (this.cap === undefined) {
      const jsm = (this.jsm ??= await this.nc.jetstreamManager());
      this.cap = (await jsm.streams.info(this.names.streamMessages)).config.max_msgs_per_subject;
    }
    return this.cap;
  }

  private async lastSeqOf(subject: string): Promise<number> {
    const jsm = (this.jsm ??= await this.nc.jetstreamManager());
    try {
      return (await jsm.streams.getMessage(this.names.streamMessages, { last_by_subj: subject })).seq;
    } catch (err) {
      if ((err as { code?: string }).code === '404') return 0;
      throw err;
    }
  }

  private decode(data: Uint8Array, seq: number): ChatMessage | undefined {
    try {
      const message = busValidators.message.parse(decodeJson(data));
      message.seq = seq;
      return message;
    } catch (err) {
      this.logger.warn(`skipping invalid stored message ${seq}: ${String(err)}`);
      return undefined;
    }
  }
}
