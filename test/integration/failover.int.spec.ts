import type { RoomFrame } from '@livecast/contracts';
import type { NatsConnection } from 'nats';
import { openRoom } from '../support/admin';
import { connectViewer, eventually, sleep, uniqueId, type TestViewer } from '../support/clients';
import { metric } from '../support/extra-gateway';
import { PrivateStack } from '../support/private-stack';

/** Sends `count` messages, one every `everyMs`, retrying UNAVAILABLE with the same clientMsgId as the SDK does. */
async function sendSteadily(viewer: TestViewer, roomId: string, count: number, everyMs: number): Promise<number[]> {
  const seqs: number[] = [];
  for (let i = 0; i < count; i++) {
    const clientMsgId = uniqueId('steady');
    for (let attempt = 0; attempt < 10; attempt++) {
      const ack = await viewer.send(roomId, `steady ${i}`, 'chat', clientMsgId);
      if (ack.ok) {
        seqs.push(ack.seq);
        break;
      }
      if (ack.error.code !== 'UNAVAILABLE') throw new Error(`send failed: ${ack.error.code}`);
    }
    await sleep(everyMs);
  }
  return seqs;
}

describe('failover: killing a fan-out owner or an ingest replica loses nothing', () => {
  const stack = new PrivateStack({ INGEST_TIMEOUT_MS: '1000', RATE_STAFF_RATE: '1000', RATE_STAFF_BURST: '1000', PRIORITY_BURST: '1000' });
  let nc: NatsConnection;
  const viewers: TestViewer[] = [];

  beforeAll(async () => {
    await stack.start('membership', 'membership-p');
    await stack.start('ingest', 'ingest-a');
    await stack.start('ingest', 'ingest-b');
    await stack.start('fanout', 'fanout-a');
    await stack.start('fanout', 'fanout-b');
    await stack.startGateway('gateway-p');
    nc = await stack.connectOperator();
  }, 60_000);
  afterAll(async () => {
    viewers.forEach((v) => v.close());
    await nc?.close();
    await stack.stop();
  });

  const service = (name: string) => stack.service(name);

  it('a SIGKILLed fan-out owner is replaced within 5 s and frames account for every accepted message', async () => {
    const membership = service('membership-p').httpUrl;
    const gateway = service('gateway-p').httpUrl;
    const roomId = await openRoom(uniqueId('fo'), 'host-1', membership);
    const watcher = await connectViewer(gateway, uniqueId('w'));
    const sender = await connectViewer(gateway, uniqueId('s'), 'host');
    viewers.push(watcher, sender);
    const frames: RoomFrame[] = [];
    watcher.socket.on('room:frame', (f: RoomFrame) => f.roomId === roomId && frames.push(f));
    await watcher.join(roomId);
    await sender.join(roomId);

    const owner = (await metric(service('fanout-a').httpUrl, 'livecast_fanout_partitions_owned')) > 0 ? 'fanout-a' : 'fanout-b';
    const heir = owner === 'fanout-a' ? 'fanout-b' : 'fanout-a';
    const sending = sendSteadily(sender, roomId, 40, 100);
    await sleep(1000);
    service(owner).kill();
    const killedAt = Date.now();
    expect(await eventually(async () => (await metric(service(heir).httpUrl, 'livecast_fanout_partitions_owned')) === 4, 5000, 100)).toBe(true);
    expect(Date.now() - killedAt).toBeLessThan(5000);
    const seqs = await sending;

    const accounted = (seq: number) => frames.some((f) => seq >= f.fromSeq && seq <= f.toSeq);
    expect(await eventually(() => seqs.every(accounted), 5000)).toBe(true);
    // Chain: each frame continues the previous one, except where the new owner restarts it.
    let restarts = 0;
    for (let i = 1; i < frames.length; i++) {
      if (frames[i].prevSeq === undefined) restarts++;
      else expect(frames[i].prevSeq).toBe(frames[i - 1].toSeq);
    }
    expect(restarts).toBeLessThanOrEqual(1);
    // Nothing accepted is missing from what the viewer was told about.
    const shown = new Set(frames.flatMap((f) => f.messages.map((m) => m.seq)));
    const droppedTotal = frames.reduce((n, f) => n + f.shaped.dropped, 0);
    expect(seqs.filter((s) => !shown.has(s)).length).toBeLessThanOrEqual(droppedTotal);
  }, 60_000);

  it('a SIGKILLed ingest replica under load loses no acknowledged message', async () => {
    const membership = service('membership-p').httpUrl;
    const gateway = service('gateway-p').httpUrl;
    const roomId = await openRoom(uniqueId('ik'), 'host-1', membership);
    const senders = await Promise.all(Array.from({ length: 4 }, () => connectViewer(gateway, uniqueId('s'), 'host')));
    viewers.push(...senders);
    for (const s of senders) await s.join(roomId);

    const sending = Promise.all(senders.map((s) => sendSteadily(s, roomId, 30, 30)));
    await sleep(500);
    service('ingest-a').kill();
    const seqs = (await sending).flat();
    expect(seqs).toHaveLength(120);
    expect(new Set(seqs).size).toBe(120);

    const jsm = await nc.jetstreamManager();
    const stream = `${stack.namespace.toUpperCase()}_MSGS`;
    for (const seq of seqs) {
      const stored = await jsm.streams.getMessage(stream, { seq });
      expect(stored.subject.endsWith(`.${roomId}`)).toBe(true);
    }
  }, 60_000);
});
