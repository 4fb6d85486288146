import type { Names } from '@livecast/contracts';
import { AckPolicy, DeliverPolicy, nanos, type ConsumerConfig, type JetStreamManager } from 'nats';

/** Durable consumer name of a partition: the same for every fan-out instance that owns it. */
export function consumerName(partition: number): string {
  return `fanout-p${partition}`;
}

/**
 * Prepares a partition's durable consumer for a new owner: it resumes right after the
 * last acknowledged message. The consumer is re-created at that sequence rather than
 * reused, because a reused one would first hand out new messages and only later, after
 * ack_wait, redeliver what the previous owner held unacknowledged — out of order.
 */
export async function prepareConsumer(jsm: JetStreamManager, names: Names, partition: number, maxAckPending: number): Promise<{ resumeFrom?: number }> {
  const stream = names.streamMessages;
  const name = consumerName(partition);
  let resumeFrom: number | undefined;
  try {
    const info = await jsm.consumers.info(stream, name);
    resumeFrom = info.ack_floor.stream_seq + 1;
    await jsm.consumers.delete(stream, name);
  } catch (err) {
    if ((err as { code?: string }).code !== '404') throw err;
  }
  const config: Partial<ConsumerConfig> = {
    durable_name: name,
    filter_subject: names.messagesOfPartition(partition),
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(30_000),
    max_ack_pending: maxAckPending,
    // A partition nobody owned yet starts with what arrives from now on: history is for joins, not replays.
    deliver_policy: resumeFrom === undefined ? DeliverPolicy.New : DeliverPolicy.StartSequence,
    ...(resumeFrom === undefined ? {} : { opt_start_seq: resumeFrom }),
  };
  await jsm.consumers.add(stream, config);
  return { resumeFrom };
}
