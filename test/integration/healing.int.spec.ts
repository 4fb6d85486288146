import { Names, partitionOf, type RoomFrame } from '@livecast/contracts';
import type { ConsumerInfo, NatsConnection } from 'nats';
import { openRoom } from '../support/admin';
import { connectViewer, eventually, sleep, uniqueId, type TestViewer } from '../support/clients';
import { metric } from '../support/extra-gateway';
import { PrivateStack } from '../support/private-stack';

const HISTORY = 20;

describe('healing: the services recover by themselves', () => {
  const stack = new PrivateStack({ HISTORY_PER_ROOM: String(HISTORY), INGEST_TIMEOUT_MS: '1000', APPEND_BUDGET_MS: '800', RATE_STAFF_RATE: '1000', RATE_STAFF_BURST: '1000', PRIORITY_RATE: '1000', PRIORITY_BURST: '1000' });
  let nc: NatsConnection;
  let names: Names;
  const viewers: TestViewer[] = [];

  beforeAll(async () => {
    await stack.start('membership', 'membership-h');
    await stack.start('ingest', 'ingest-h');
    await stack.start('fanout', 'fanout-h');
    await stack.startGateway('gateway-h');
    nc = await stack.connectOperator();
    names = new Names(stack.namespace);
  }, 60_000);
  afterAll(async () => {
    viewers.forEach((v) => v.close());
    await nc?.close();
    await stack.stop();
  });

  const service = (name: string) => stack.service(name);

  /** The room's partition consumer in whichever slot the current ownership took. */
  async function partitionConsumerOf(roomId: string): Promise<ConsumerInfo> {
    const slots = names.partitionConsumers(partitionOf(roomId, 4));
    const jsm = await nc.jetstreamManager();
    const owned = (await jsm.consumers.list(names.streamMessages).next()).filter((c) => slots.includes(c.name));
    if (owned.length !== 1) throw new Error(`expected one consumer of the partition, found ${owned.map((c) => c.name).join(', ') || 'none'}`);
    return owned[0];
  }

  async function room(prefix: string) {
    const roomId = await openRoom(uniqueId(prefix), 'host-1', service('membership-h').httpUrl);
    const watcher = await connectViewer(service('gateway-h').httpUrl, uniqueId('w'));
    const sender = await connectViewer(service('gateway-h').httpUrl, uniqueId('s'), 'host');
    viewers.push(watcher, sender);
    await watcher.join(roomId);
    await sender.join(roomId);
    const frames = () => watcher.frames.filter((f: RoomFrame) => f.roomId === roomId);
    const send = async (text: string) => {
      const ack = await sender.send(roomId, text);
      if (!ack.ok) throw new Error(`send failed: ${ack.error.code}`);
      return ack.seq;
    };
    const shown = (seq: number) => frames().some((f) => f.messages.some((m) => m.seq === seq));
    return { roomId, watcher, frames, send, shown };
  }

  async function restartFanout(): Promise<void> {
    await service('fanout-h').stop(3000);
    await stack.start('fanout', 'fanout-h');
  }

  it('a partition consumer deleted under its owner is re-created and delivery resumes', async () => {
    const r = await room('heal');
    expect(await eventually(async () => r.shown(await r.send('before')), 5000)).toBe(true);
    const before = await metric(service('fanout-h').httpUrl, 'livecast_fanout_consumer_recreations_total');
    const jsm = await nc.jetstreamManager();
    await jsm.consumers.delete(names.streamMessages, (await partitionConsumerOf(r.roomId)).name);
    const seq = await r.send('after');
    expect(await eventually(() => r.shown(seq), 10_000, 100)).toBe(true);
    expect(await metric(service('fanout-h').httpUrl, 'livecast_fanout_consumer_recreations_total')).toBeGreaterThan(before);
  }, 30_000);

  it('after fan-out restarts with no new messages, nothing is replayed as live frames', async () => {
    const r = await room('replay');
    const seqs = [await r.send('one'), await r.send('two'), await r.send('three')];
    expect(await eventually(() => seqs.every(r.shown), 5000)).toBe(true);
    await restartFanout();
    await restartFanout();
    await sleep(1500);
    const shownAgain = r.frames().flatMap((f) => f.messages.map((m) => m.seq)).filter((s) => seqs.includes(s));
    expect(shownAgain.sort()).toEqual([...seqs].sort());
    const info = await partitionConsumerOf(r.roomId);
    expect(info.config.opt_start_seq).toBeGreaterThan(seqs[2]);
  }, 60_000);

  it('messages removed by retention while no fan-out ran: the new owner’s first frame shows the gap', async () => {
    const r = await room('gap');
    const first = await r.send('seen');
    expect(await eventually(() => r.shown(first), 5000)).toBe(true);
    service('fanout-h').kill();
    const unseen: number[] = [];
    for (let i = 0; i < HISTORY + 5; i++) unseen.push(await r.send(`while down ${i}`));
    const lastToSeq = Math.max(...r.frames().map((f) => f.toSeq));
    await stack.start('fanout', 'fanout-h');
    expect(await eventually(() => r.shown(unseen[unseen.length - 1]), 10_000, 100)).toBe(true);
    const after = r.frames().filter((f) => f.toSeq > lastToSeq);
    // The first frame after the takeover chains from just below itself, ahead of what this
    // viewer saw: the client sees a gap (prevSeq above its watermark) and resumes.
    expect(after[0].prevSeq).toBeDefined();
    expect(after[0].prevSeq).toBeGreaterThan(lastToSeq);
    expect(after[0].fromSeq).toBeGreaterThan(unseen[0]);
    const resumed = await r.watcher.join(r.roomId, lastToSeq);
    expect(resumed.ok && resumed.truncated).toBe(true);
  }, 60_000);

  it('a send during a NATS pause answers UNAVAILABLE with outcome unknown; the retry with the same clientMsgId returns the stored message', async () => {
    const r = await room('pause');
    const sender = viewers[viewers.length - 1];
    const clientMsgId = uniqueId('paused');
    const sending = sender.send(r.roomId, 'during the pause', 'chat', clientMsgId);
    if (!(await stack.pauseNats(2500))) return;
    const ack = await sending;
    expect(ack.ok).toBe(false);
    if (ack.ok) return;
    expect(ack.error).toMatchObject({ code: 'UNAVAILABLE', outcome: 'unknown', retryable: true });
    let retry = await sender.send(r.roomId, 'during the pause', 'chat', clientMsgId);
    for (let i = 0; i < 10 && !retry.ok; i++) retry = await sender.send(r.roomId, 'during the pause', 'chat', clientMsgId);
    expect(retry.ok).toBe(true);
    if (!retry.ok) return;
    expect(retry.message.clientMsgId).toBe(clientMsgId);
    const jsm = await nc.jetstreamManager();
    const stored = await jsm.streams.getMessage(names.streamMessages, { seq: retry.seq });
    expect(JSON.parse(new TextDecoder().decode(stored.data)).clientMsgId).toBe(clientMsgId);
  }, 30_000);

  it('readiness turns 503 as soon as SIGTERM arrives, while the service still drains', async () => {
    // A fan-out that holds partitions drains through NATS (it hands its leases back): with
    // NATS paused, that drain takes seconds, and readiness must say 503 throughout.
    const fanout = service('fanout-h');
    expect(await metric(fanout.opsUrl, 'livecast_fanout_partitions_owned')).toBeGreaterThan(0);
    // Ready once its partitions are open (a lease is held from its write on; its consumer opens after).
    expect(await eventually(async () => (await fetch(`${fanout.opsUrl}/health/ready`)).status === 200, 10_000, 100)).toBe(true);
    const exited = new Promise((resolve) => fanout.child.once('exit', resolve));
    const pause = stack.pauseNats(3000);
    await sleep(100);
    fanout.child.kill('SIGTERM');
    await sleep(200);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push(await fetch(`${fanout.opsUrl}/health/ready`).then((res) => res.status, () => 0));
      await sleep(100);
    }
    if (!(await pause)) return;
    await exited;
    expect(statuses.filter((s) => s !== 0).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 503 || s === 0)).toBe(true);
  }, 30_000);
});
