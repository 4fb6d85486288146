import type { ChatMessage, Names } from '@livecast/contracts';
import { AckPolicy, DeliverPolicy, nanos, type ConsumerConfig, type ConsumerMessages, type JetStreamClient, type JetStreamManager } from 'nats';
import { isNotFound } from './jetstream';
import { decodeStored, type OnInvalidStored } from './stored-message';

/** A message of a partition as its owner consumes it. */
export interface StoredMessage {
  readonly seq: number;
  /** The decoded message; undefined when the stored body breaks the contract (skip it, and ack it). */
  readonly message: ChatMessage | undefined;
  ack(): void;
}

/** An owned partition's slice of the stream, in stream order. */
export interface PartitionFeed {
  /** The sequence the feed resumed at; undefined when the partition had no consumer yet (new messages only). */
  readonly resumeFrom?: number;
  readonly messages: AsyncIterable<StoredMessage>;
  stop(): Promise<void>;
}

/**
 * Opens a partition for a new owner: it resumes right after the last acknowledged message.
 * The durable consumer is re-created at that sequence rather than reused, because a reused
 * one would first hand out new messages and only later, after ack_wait, redeliver what the
 * previous owner held unacknowledged — out of order.
 */
export async function openPartitionFeed(
  js: JetStreamClient,
  jsm: JetStreamManager,
  names: Names,
  partition: number,
  options: { maxAckPending: number; onInvalid: OnInvalidStored },
): Promise<PartitionFeed> {
  const stream = names.streamMessages;
  const name = names.partitionConsumer(partition);
  let resumeFrom: number | undefined;
  try {
    const info = await jsm.consumers.info(stream, name);
    resumeFrom = info.ack_floor.stream_seq + 1;
    await jsm.consumers.delete(stream, name);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
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
  await jsm.consumers.add(stream, config);
  const consumer = await js.consumers.get(stream, name);
  const messages = await consumer.consume({ max_messages: 1000 });
  return {
    resumeFrom,
    messages: storedMessages(messages, options.onInvalid),
    stop: async () => {
      messages.stop();
      await messages.closed().catch(() => undefined);
    },
  };
}

async function* storedMessages(messages: ConsumerMessages, onInvalid: OnInvalidStored): AsyncIterable<StoredMessage> {
  for await (const m of messages) {
    yield { seq: m.seq, message: decodeStored(m.data, m.seq, onInvalid), ack: () => m.ack() };
  }
}
