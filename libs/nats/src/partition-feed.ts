import type { ChatMessage, Names } from '@livecast/contracts';
import {
  AckPolicy,
  ConsumerEvents,
  DeliverPolicy,
  nanos,
  type ConsumerConfig,
  type ConsumerInfo,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
} from 'nats';
import { isNotFound } from './jetstream';
import { decodeStored, type OnInvalidStored } from './stored-message';

/** A message of a partition as its owner consumes it. */
export interface StoredMessage {
  readonly seq: number;
  /** The decoded message; undefined when the stored body breaks the contract (skip it, and ack it). */
  readonly message: ChatMessage | undefined;
  ack(): void;
}

/** The partition consumer as the server sees it. */
export interface FeedState {
  /** Messages of the partition not delivered yet: the owner's lag. */
  pending: number;
  deliveredSeq: number;
  ackPending: number;
}

/** An owned partition's slice of the stream, in stream order. */
export interface PartitionFeed {
  /** The sequence the feed resumed at; undefined when the partition had no consumer yet (new messages only). */
  readonly resumeFrom?: number;
  /** The first sequence this feed can deliver (where its consumer starts). */
  readonly startSeq: number;
  /**
   * Subjects of rooms whose retention was full when the feed opened: for them, messages
   * after the last owner's acknowledgements may have been removed before this owner read
   * them, so their first frame must let clients see a gap.
   */
  readonly fullRooms: ReadonlySet<string>;
  /**
   * The stream's last sequence when a resuming feed opened (0 for one starting at "new"):
   * whoever owned the partition before may have framed any message up to here.
   */
  readonly replayThrough: number;
  readonly messages: AsyncIterable<StoredMessage>;
  /** Settles, with the reason, when the feed ended by itself: consumer deleted, heartbeats missed, the pull loop stopped. */
  readonly ended: Promise<string>;
  state(): Promise<FeedState>;
  stop(): Promise<void>;
}

/** Which consumer a new feed of a partition is read through, and the position its ownership knows. */
export interface PartitionOpening {
  /** The ownership's slot (Names.partitionConsumer). */
  consumerSlot: number;
  /** A position below which every message was framed: the worker's own, or the one its lease carried. */
  resumeAt?: number;
}

/** Pull batches expire after this; heartbeats every fifth of it, so a dead pull shows within ~2 s. */
const PULL_EXPIRES_MS = 5000;
const IDLE_HEARTBEAT_MS = 1000;

/**
 * Where a new owner resumes, from the old consumer's state. The ack floor alone is not
 * it: nats-server 2.9 reports ack_floor 0 for a consumer that has acknowledged nothing
 * yet (measured: created at seq 4 of 5, ack_floor 0, delivered.stream_seq 3), which would
 * replay the partition from seq 1 after a restart with no new messages.
 */
export function resumePoint(info: Pick<ConsumerInfo, 'ack_floor' | 'delivered' | 'config'>): number {
  if (info.ack_floor.consumer_seq > 0) return info.ack_floor.stream_seq + 1;
  // Nothing acknowledged: nothing delivered either means it still stands at its start.
  if (info.delivered.consumer_seq === 0) return info.delivered.stream_seq + 1;
  return info.config.opt_start_seq ?? 1;
}

/**
 * Where to resume a partition whose consumer is still there: the later of its
 * `resumePoint` and `known` (a position the fan-out itself recorded). Both are positions
 * below which every message was framed, so the later one replays less.
 */
export function resumeSeq(info: Pick<ConsumerInfo, 'ack_floor' | 'delivered' | 'config'>, known: number | undefined): number {
  return Math.max(resumePoint(info), known ?? 0);
}

/**
 * Opens a partition for a new owner: it resumes right after the last acknowledged message,
 * or at `resumeAt` (a healing owner's own position, or the one its lease carried) when
 * that is later or the consumer is gone. A consumer that delivered but never acknowledged
 * tells only its `opt_start_seq`, which a consumer created at "new" does not have: its
 * `resumePoint` is 1, and without `resumeAt` the partition would be replayed from seq 1.
 * The owner's consumer is created in its own slot at that sequence, and every other slot's
 * consumer is deleted first: the previous owner's (where the position is read), and any a
 * failed hand-over left behind. A reused consumer would first hand out new messages and
 * only later, after ack_wait, redeliver what the previous owner held unacknowledged — out
 * of order; and a previous owner that lost its lease unawares keeps pulling by its own
 * slot's name, which after its deletion answers nothing.
 */
export async function openPartitionFeed(
  js: JetStreamClient,
  jsm: JetStreamManager,
  names: Names,
  partition: number,
  options: PartitionOpening & { maxAckPending: number; onInvalid: OnInvalidStored },
): Promise<PartitionFeed> {
  const stream = names.streamMessages;
  const name = names.partitionConsumer(partition, options.consumerSlot);
  const existing = (await Promise.all(names.partitionConsumers(partition).map((slot) => infoOrNull(jsm, stream, slot)))).filter((info) => info !== null);
  // No consumer left (a re-creation cut short, say) under an owner that knows how far it got: resume there, not at "new".
  const resumeFrom = existing.length === 0 ? options.resumeAt : Math.max(...existing.map((info) => resumeSeq(info, options.resumeAt)));
  await Promise.all(existing.map((info) => deleteIfThere(jsm, stream, info.name)));
  const { fullRooms, lastSeq } = resumeFrom === undefined ? { fullRooms: new Set<string>(), lastSeq: 0 } : await partitionState(jsm, stream, names.messagesOfPartition(partition));
  const config: Partial<ConsumerConfig> = {
    durable_name: name,
    filter_subject: names.messagesOfPartition(partition),
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(30_000),
    max_ack_pending: options.maxAckPending,
    // A partition nobody owned yet starts with what arrives from now on: history is for joins, not replays.
    deliver_policy: resumeFrom === undefined ? DeliverPolicy.New : DeliverPolicy.StartSequence,
    ...(resumeFrom === undefined ? {} : { opt_start_seq: resumeFrom }),
  };
  const created = await jsm.consumers.add(stream, config);
  const consumer = await js.consumers.get(stream, name);
  const messages = await consumer.consume({ max_messages: 1000, expires: PULL_EXPIRES_MS, idle_heartbeat: IDLE_HEARTBEAT_MS });
  let stopped = false;
  return {
    resumeFrom,
    // A new consumer reports delivered.stream_seq = its start - 1, whatever its deliver policy.
    startSeq: created.delivered.stream_seq + 1,
    fullRooms,
    replayThrough: lastSeq,
    messages: storedMessages(messages, options.onInvalid),
    ended: endOf(messages, () => stopped),
    state: async () => {
      const info = await consumer.info();
      return { pending: info.num_pending, deliveredSeq: info.delivered.stream_seq, ackPending: info.num_ack_pending };
    },
    stop: async () => {
      stopped = true;
      messages.stop();
      await messages.closed().catch(() => undefined);
    },
  };
}

async function infoOrNull(jsm: JetStreamManager, stream: string, consumer: string): Promise<ConsumerInfo | null> {
  try {
    return await jsm.consumers.info(stream, consumer);
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

async function deleteIfThere(jsm: JetStreamManager, stream: string, consumer: string): Promise<void> {
  try {
    await jsm.consumers.delete(stream, consumer);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/**
 * Resolves when the consume loop can no longer deliver: the client reports the consumer
 * gone or heartbeats missed (it re-pulls by itself only while its own checks succeed,
 * and not at all once a failed check left it backing off), or the loop closed.
 */
async function endOf(messages: ConsumerMessages, stopped: () => boolean): Promise<string> {
  const closed = messages.closed().then(
    () => 'consume loop closed',
    (err: unknown) => `consume loop failed: ${String(err)}`,
  );
  const terminal = (async () => {
    for await (const status of await messages.status()) {
      if (status.type === ConsumerEvents.ConsumerDeleted || status.type === ConsumerEvents.ConsumerNotFound) return `consumer gone (${status.type})`;
      if (status.type === ConsumerEvents.HeartbeatsMissed) return `heartbeats missed (${String(status.data)})`;
    }
    return 'consume loop closed';
  })();
  const reason = await Promise.race([closed, terminal]);
  if (!stopped()) messages.stop();
  return reason;
}

/**
 * Subjects of the partition holding as many messages as the per-room limit keeps, and the
 * stream's last sequence. One stream info filtered to the partition, once per takeover.
 */
async function partitionState(jsm: JetStreamManager, stream: string, filter: string): Promise<{ fullRooms: Set<string>; lastSeq: number }> {
  const info = await jsm.streams.info(stream, { subjects_filter: filter });
  const cap = info.config.max_msgs_per_subject;
  const fullRooms = new Set<string>();
  if (cap > 0) for (const [subject, count] of Object.entries(info.state.subjects ?? {})) if (count >= cap) fullRooms.add(subject);
  return { fullRooms, lastSeq: info.state.last_seq };
}

async function* storedMessages(messages: ConsumerMessages, onInvalid: OnInvalidStored): AsyncIterable<StoredMessage> {
  for await (const m of messages) {
    yield { seq: m.seq, message: decodeStored(m.data, m.seq, onInvalid), ack: () => m.ack() };
  }
}
