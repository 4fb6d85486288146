import type { ServiceProcess } from '@livecast/stack-runner';
import { openRoom } from '../support/admin';
import { connectViewer, eventually, sleep, uniqueId, type TestViewer } from '../support/clients';
import { metric, startExtraGateway } from '../support/extra-gateway';

// A gateway of its own, so no other spec's rooms touch its counters.
describe('room interest: a gateway subscribes only to rooms it has viewers of', () => {
  let gateway: ServiceProcess;
  const viewers: TestViewer[] = [];

  beforeAll(async () => {
    gateway = await startExtraGateway('gw-interest');
  }, 30_000);
  afterAll(async () => {
    viewers.forEach((v) => v.close());
    await gateway.stop();
  });

  it('receives no frames of a busy room while it has no members of it', async () => {
    const roomId = await openRoom(uniqueId('room'));
    const sender = await connectViewer(0, uniqueId('s'), 'host');
    viewers.push(sender);
    await sender.join(roomId);
    for (let i = 0; i < 5; i++) expect((await sender.send(roomId, `m${i}`)).ok).toBe(true);
    await sleep(300);
    expect(await metric(gateway.httpUrl, 'livecast_gateway_frames_received_total')).toBe(0);
    expect(await metric(gateway.httpUrl, 'livecast_gateway_subscribed_rooms')).toBe(0);
  });

  it('subscribes on the first local join and unsubscribes after the last leave and the linger', async () => {
    const roomId = await openRoom(uniqueId('room'));
    const sender = await connectViewer(0, uniqueId('s'), 'host');
    const local = await connectViewer(gateway.httpUrl, uniqueId('v'));
    viewers.push(sender, local);
    await sender.join(roomId);
    expect((await local.join(roomId)).ok).toBe(true);
    expect(await metric(gateway.httpUrl, 'livecast_gateway_subscribed_rooms')).toBe(1);

    expect((await sender.send(roomId, 'hello')).ok).toBe(true);
    expect(await eventually(() => local.messagesOf(roomId).length === 1)).toBe(true);
    const framesWhileMember = await metric(gateway.httpUrl, 'livecast_gateway_frames_received_total');
    expect(framesWhileMember).toBeGreaterThan(0);

    await local.leave(roomId);
    // Linger is 300 ms in the test tuning: still subscribed at once, gone after it.
    expect(await metric(gateway.httpUrl, 'livecast_gateway_subscribed_rooms')).toBe(1);
    expect(await eventually(async () => (await metric(gateway.httpUrl, 'livecast_gateway_subscribed_rooms')) === 0, 3000)).toBe(true);

    for (let i = 0; i < 3; i++) expect((await sender.send(roomId, `after${i}`)).ok).toBe(true);
    await sleep(300);
    expect(await metric(gateway.httpUrl, 'livecast_gateway_frames_received_total')).toBe(framesWhileMember);
    expect(local.messagesOf(roomId)).toHaveLength(1);
  });

  it('keeps one subscription when a room flaps between 0 and 1 local members within the linger', async () => {
    const roomId = await openRoom(uniqueId('room'));
    const viewer = await connectViewer(gateway.httpUrl, uniqueId('v'));
    viewers.push(viewer);
    const before = await metric(gateway.httpUrl, 'livecast_gateway_room_subscriptions_total');
    for (let i = 0; i < 5; i++) {
      expect((await viewer.join(roomId)).ok).toBe(true);
      expect((await viewer.leave(roomId)).ok).toBe(true);
    }
    expect(await metric(gateway.httpUrl, 'livecast_gateway_room_subscriptions_total')).toBe(before + 1);
  });

  it('serves many joins of one room with a single history read from the stream', async () => {
    const roomId = await openRoom(uniqueId('room'));
    const sender = await connectViewer(0, uniqueId('s'), 'host');
    viewers.push(sender);
    await sender.join(roomId);
    for (let i = 0; i < 3; i++) expect((await sender.send(roomId, `h${i}`)).ok).toBe(true);
    const readsBefore = await metric(gateway.httpUrl, 'livecast_history_reads_total', 'kind="recent"');
    const joiners = await Promise.all(Array.from({ length: 20 }, () => connectViewer(gateway.httpUrl, uniqueId('j'))));
    viewers.push(...joiners);
    const joins = await Promise.all(joiners.map((j) => j.join(roomId)));
    expect(joins.every((j) => j.ok && j.history.length === 3)).toBe(true);
    expect(await metric(gateway.httpUrl, 'livecast_history_reads_total', 'kind="recent"')).toBe(readsBefore + 1);
  });

  it('serves concurrent catch-ups after the same seq with one stream read', async () => {
    const roomId = await openRoom(uniqueId('room'));
    const sender = await connectViewer(0, uniqueId('s'), 'host');
    viewers.push(sender);
    await sender.join(roomId);
    const first = await sender.send(roomId, 'before');
    if (!first.ok) throw new Error(`send refused: ${first.error.code}`);
    for (let i = 0; i < 3; i++) expect((await sender.send(roomId, `c${i}`)).ok).toBe(true);
    const joiners = await Promise.all(Array.from({ length: 10 }, () => connectViewer(gateway.httpUrl, uniqueId('k'))));
    viewers.push(...joiners);
    const readsBefore = await metric(gateway.httpUrl, 'livecast_history_reads_total', 'kind="since"');
    const catchUps = await Promise.all(joiners.map((j) => j.join(roomId, first.seq)));
    expect(catchUps.map((c) => c.ok && c.history.map((m) => m.text))).toEqual(joiners.map(() => ['c0', 'c1', 'c2']));
    expect(await metric(gateway.httpUrl, 'livecast_history_reads_total', 'kind="since"')).toBe(readsBefore + 1);
  });
});
