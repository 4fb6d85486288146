import { partitionOf, type ChatMessage, type Names } from '@livecast/contracts';
import { AckPolicy, DeliverPolicy, nanos, nuid, type JetStreamClient, type JetStreamManager } from 'nats';
import { isNotFound } from './jetstream';
import { decodeStored, type OnInvalidStored } from './stored-message';

/** A slice of a room's history. */
export interface HistorySlice {
  messages: ChatMessage[];
  /** More was asked for than the slice holds (older messages were left out or are gone). */
  truncated: boolean;
  /** Seq of the room's newest stored message, 0 when it has none. */
  lastSeq: number;
}

/** Reads rooms' history from the message stream with short-lived ephemeral consumers. */
export class StreamHistory {
  private cap?: number;

  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly names: Names,
    private readonly partitions: number,
    private readonly onInvalid: OnInvalidStored,
  ) {}

  /** Messages after `afterSeq` (0: from the start), at most `limit`: the newest of them when more are kept. */
  async read(roomId: string, afterSeq: number, limit: number): Promise<HistorySlice> {
    const subject = this.names.message(partitionOf(roomId, this.partitions), roomId);
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
   * Naming it puts name and filter into the create subject, the only form the gateway's
   * NATS permissions allow (ADR 0014).
   */
  private async fetch(subject: string, afterSeq: number, lastSeq: number): Promise<ChatMessage[]> {
    const stream = this.names.streamMessages;
    const info = await this.jsm.consumers.add(stream, {
      name: nuid.next(),
      filter_subject: subject,
      ack_policy: AckPolicy.None,
      mem_storage: true,
      inactive_threshold: nanos(10_000),
      ...(afterSeq > 0 ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: afterSeq + 1 } : { deliver_policy: DeliverPolicy.All }),
    });
    const messages: ChatMessage[] = [];
    try {
      if (info.num_pending === 0) return messages;
      const consumer = await this.js.consumers.get(stream, info.name);
      const batch = await consumer.fetch({ max_messages: info.num_pending, expires: 2000 });
      for await (const m of batch) {
        const message = decodeStored(m.data, m.seq, this.onInvalid);
        if (message) messages.push(message);
        if (m.seq >= lastSeq || m.info.pending === 0) break;
      }
      return messages;
    } finally {
      await this.jsm.consumers.delete(stream, info.name).catch(() => undefined);
    }
  }

  private async perRoomCap(): Promise<number> {
    this.cap ??= (await this.jsm.streams.info(this.names.streamMessages)).config.max_msgs_per_subject;
    return this.cap;
  }

  private async lastSeqOf(subject: string): Promise<number> {
    try {
      return (await this.jsm.streams.getMessage(this.names.streamMessages, { last_by_subj: subject })).seq;
    } catch (err) {
      if (isNotFound(err)) return 0;
      throw err;
    }
  }
}
