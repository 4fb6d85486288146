import { Names, type ChatMessage } from '@livecast/contracts';
import { MessageStream, type PartitionFeed, type StoredMessage } from '@livecast/nats';
import type { NatsConnection } from 'nats';
import { connectOperator } from '../support/bus';
import { eventually, sleep } from '../support/clients';

/** Everything a feed yields, collected in the background. */
function drain(feed: PartitionFeed): StoredMessage[] {
  const got: StoredMessage[] = [];
  void (async () => {
    for await (const stored of feed.messages) got.push(stored);
  })();
  return got;
}

describe('partition takeover: each ownership reads through a consumer of its own', () => {
  const names = new Names(`pt${Math.floor(Math.random() * 1e9).toString(36)}`);
  let nc: NatsConnection;
  let stream: MessageStream;
  const feeds: PartitionFeed[] = [];

  beforeAll(async () => {
    nc = await connectOperator();
    stream = new MessageStream(nc, names, 1, () => undefined, '_INBOX');
    await stream.ensure({ historyPerRoom: 100, maxAgeSec: 3600, replicas: 1, dedupWindowSec: 60 });
  });
  afterAll(async () => {
    await Promise.all(feeds.map((f) => f.stop()));
    await (await nc.jetstreamManager()).streams.delete(names.streamMessages);
    await nc.close();
  });

  const message = (text: string): ChatMessage => ({
    seq: 0,
    roomId: 'room-a',
    kind: 'chat',
    text,
    clientMsgId: `c-${text}`,
    from: { id: 'u1', name: 'u1', role: 'viewer', guest: false },
    ts: Date.now(),
  });
  const open = async (consumerSlot: number, resumeAt?: number) => {
    const feed = await stream.openPartition(0, 100, { consumerSlot, resumeAt });
    feeds.push(feed);
    return feed;
  };

  it('the next slot resumes after the last ack, the old slot is deleted, and the old owner gets nothing more', async () => {
    const old = await open(0);
    const oldGot = drain(old);
    const seqs = [];
    for (const text of ['one', 'two', 'three']) seqs.push((await stream.append(message(text), text)).seq);
    expect(await eventually(() => oldGot.length === 3, 5000)).toBe(true);
    oldGot[0].ack();
    oldGot[1].ack();
    await nc.flush();
    expect(await eventually(async () => (await old.state()).ackPending === 1, 5000)).toBe(true);

    const next = await open(1);
    expect([next.resumeFrom, next.replayThrough]).toEqual([seqs[2], seqs[2]]);
    expect(await old.ended).toMatch(/consumer gone/);
    const nextGot = drain(next);
    seqs.push((await stream.append(message('four'), 'four')).seq);
    expect(await eventually(() => nextGot.length === 2, 5000)).toBe(true);
    await sleep(300);
    expect(nextGot.map((s) => s.seq)).toEqual([seqs[2], seqs[3]]);
    expect(oldGot.map((s) => s.seq)).toEqual(seqs.slice(0, 3));
    const consumers = await (await nc.jetstreamManager()).consumers.list(names.streamMessages).next();
    expect(consumers.map((c) => c.name)).toEqual([names.partitionConsumer(0, 1)]);
  }, 20_000);

  it('with no consumer left in any slot, the position the lease carried is where the new owner starts', async () => {
    const jsm = await nc.jetstreamManager();
    for (const c of await jsm.consumers.list(names.streamMessages).next()) await jsm.consumers.delete(names.streamMessages, c.name);
    const from = (await stream.append(message('five'), 'five')).seq;
    await stream.append(message('six'), 'six');
    const next = await open(2, from);
    expect(next.resumeFrom).toBe(from);
    const got = drain(next);
    expect(await eventually(() => got.length === 2, 5000)).toBe(true);
    expect(got[0].seq).toBe(from);
  }, 20_000);
});
