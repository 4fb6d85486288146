import type { ConsumerInfo } from 'nats';
import { resumePoint, resumeSeq } from './partition-feed';

type Info = Pick<ConsumerInfo, 'ack_floor' | 'delivered' | 'config'>;
const info = (ack: [number, number], delivered: [number, number], optStart?: number): Info =>
  ({
    ack_floor: { consumer_seq: ack[0], stream_seq: ack[1] },
    delivered: { consumer_seq: delivered[0], stream_seq: delivered[1] },
    config: { opt_start_seq: optStart },
  }) as Info;

describe('nats: resumePoint', () => {
  it.each<[string, Info, number]>([
    ['acknowledged up to 41 → 42', info([7, 41], [9, 45], 30), 42],
    // nats-server 2.9: a consumer created at seq 4 that acknowledged nothing reads ack_floor 0, delivered 3.
    ['created at 4, nothing delivered (ack floor reads 0) → 4, not 1', info([0, 0], [0, 3], 4), 4],
    ['created for new messages on a stream at 5, nothing delivered → 6', info([0, 0], [0, 5]), 6],
    ['delivered but nothing acknowledged → its start', info([0, 0], [3, 12], 10), 10],
  ])('%s', (_name, consumer, seq) => {
    expect(resumePoint(consumer)).toBe(seq);
  });
});

describe('nats: resumeSeq', () => {
  it.each<[string, Info, number | undefined, number]>([
    ['no position known → the consumer\'s', info([7, 41], [9, 45], 30), undefined, 42],
    ['a position behind the ack floor (a lease one renewal old) → the ack floor', info([7, 41], [9, 45], 30), 38, 42],
    // Created at "new", delivered, nothing acknowledged (acks lost with a leader): resumePoint says 1.
    ['created at new, nothing acknowledged, position 300 known → 300, not a replay from 1', info([0, 0], [4, 303]), 300, 300],
  ])('%s', (_name, consumer, known, seq) => {
    expect(resumeSeq(consumer, known)).toBe(seq);
  });
});
