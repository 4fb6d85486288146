import { partitionOf, type ChatMessage, type Names } from '@livecast/contracts';
import { DiscardPolicy, RetentionPolicy, StorageType, nanos, type JetStreamClient, type JetStreamManager, type NatsConnection, type StreamConfig } from 'nats';
import { encodeJson } from './codec';
import { isNotFound } from './jetstream';
import { openPartitionFeed, type PartitionFeed, type PartitionOpening } from './partition-feed';
import { PipelinedPublisher } from './pipelined-publisher';
import { StreamHistory, type HistorySlice } from './stream-history';
import type { OnInvalidStored } from './stored-message';

const APPEND_TIMEOUT_MS = 5000;
/**
 * JetStream API requests of a partition's (re-)opening. A request sent while the cluster
 * elects a leader can go unanswered: the fault suite saw a consumer create sent just
 * before the leaders returned wait out nats.js's default 5 s; an answered one takes ms.
 */
const FEED_API_TIMEOUT_MS = 2000;

/** Retention of the accepted-message stream. */
export interface MessageStreamRetention {
  historyPerRoom: number;
  maxAgeSec: number;
  replicas: number;
  dedupWindowSec: number;
}

/** Where a message was stored. */
export interface AppendAck {
  seq: number;
  /** True when the dedup key was seen within the duplicate window: nothing new was stored. */
  duplicate: boolean;
}

/**
 * The stream of accepted messages, the one place that knows its subjects and how stored
 * messages are encoded: ingest appends, fan-out owners consume partitions, gateways read
 * history. A room's messages live on `msg.<partition>.<room>`, per-subject limits keep its
 * last N, and every read checks the stored body against the message contract.
 */
export class MessageStream {
  private readonly js: JetStreamClient;
  private jsm?: JetStreamManager;
  private feedApi?: { js: JetStreamClient; jsm: JetStreamManager };
  private history?: StreamHistory;
  private publisher?: PipelinedPublisher;

  constructor(
    private readonly nc: NatsConnection,
    private readonly names: Names,
    private readonly partitions: number,
    private readonly onInvalid: OnInvalidStored,
    /** Prefix of this identity's reply subjects: appends are acked there. */
    private readonly inboxPrefix: string,
  ) {
    this.js = nc.jetstream();
  }

  /** Creates the stream, or updates it to these limits: safe from every replica at every start. */
  async ensure(retention: MessageStreamRetention): Promise<void> {
    const jsm = await this.manager();
    const name = this.names.streamMessages;
    const config: Partial<StreamConfig> = {
      name,
      subjects: [this.names.messagesAll()],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      discard: DiscardPolicy.Old,
      max_msgs_per_subject: retention.historyPerRoom,
      max_age: nanos(retention.maxAgeSec * 1000),
      num_replicas: retention.replicas,
      duplicate_window: nanos(retention.dedupWindowSec * 1000),
      allow_direct: true,
    };
    try {
      const existing = await jsm.streams.info(name);
      await jsm.streams.update(name, { ...existing.config, ...config });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await jsm.streams.add(config);
    }
  }

  /**
   * The durable append: resolves once JetStream stored the message. `dedupKey` becomes the
   * Nats-Msg-Id: within the duplicate window a second append with the same key (from any
   * replica) stores nothing and returns the first seq. A timeout leaves the outcome
   * unknown: the message may be stored; appending it again with the same key is safe.
   * Appends are pipelined: many in flight, each acked on its own (see PipelinedPublisher).
   */
  append(message: ChatMessage, dedupKey: string, timeoutMs = APPEND_TIMEOUT_MS): Promise<AppendAck> {
    const subject = this.names.message(partitionOf(message.roomId, this.partitions), message.roomId);
    this.publisher ??= new PipelinedPublisher(this.nc, this.names.streamMessages, { inboxPrefix: this.inboxPrefix, timeoutMs: APPEND_TIMEOUT_MS });
    return this.publisher.publish(subject, encodeJson(message), dedupKey, timeoutMs);
  }

  /** Resolves when the stream answers (it has a leader); throws what the API said otherwise. */
  async probe(timeoutMs: number): Promise<void> {
    const jsm = await this.manager();
    await Promise.race([
      jsm.streams.info(this.names.streamMessages),
      new Promise((_, reject) => setTimeout(() => reject(new Error('stream probe: timeout')), timeoutMs).unref()),
    ]);
  }

  /** The newest `limit` messages of the room. */
  async recent(roomId: string, limit: number): Promise<HistorySlice> {
    return (await this.reader()).read(roomId, 0, limit);
  }

  /** Messages after `sinceSeq`, at most `limit` (the newest of them when more were missed). */
  async since(roomId: string, sinceSeq: number, limit: number): Promise<HistorySlice> {
    return (await this.reader()).read(roomId, sinceSeq, limit);
  }

  /** Opens an owned partition where its last owner's acknowledgements stopped (at `resumeAt` when that is later or the consumer is gone). */
  async openPartition(partition: number, maxAckPending: number, opening: PartitionOpening): Promise<PartitionFeed> {
    this.feedApi ??= {
      js: this.nc.jetstream({ timeout: FEED_API_TIMEOUT_MS }),
      jsm: await this.nc.jetstreamManager({ timeout: FEED_API_TIMEOUT_MS }),
    };
    return openPartitionFeed(this.feedApi.js, this.feedApi.jsm, this.names, partition, { ...opening, maxAckPending, onInvalid: this.onInvalid });
  }

  private async manager(): Promise<JetStreamManager> {
    this.jsm ??= await this.nc.jetstreamManager();
    return this.jsm;
  }

  private async reader(): Promise<StreamHistory> {
    this.history ??= new StreamHistory(this.js, await this.manager(), this.names, this.partitions, this.onInvalid);
    return this.history;
  }
}
