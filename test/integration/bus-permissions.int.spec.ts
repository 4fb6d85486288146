import { Names, receiptedInboxOf, type PresenceReport, type RoomControl, type RoomFrame } from '@livecast/contracts';
import { connect, type NatsConnection } from 'nats';
import { admin, openRoom } from '../support/admin';
import { connectAs, suiteCredentials } from '../support/bus';
import { connectViewer, eventually, sleep, uniqueId, type TestViewer } from '../support/clients';
import { metric } from '../support/extra-gateway';
import { natsServers, suiteEnv } from '../support/suite-env';

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const credentials = suiteCredentials();

// Every service of the suite runs on its own NATS user; here their credentials are used
// as an attacker holding one of them would, against the running suite.
(credentials ? describe : describe.skip)('bus permissions: only our services speak on the bus, each only its part', () => {
  const names = new Names(suiteEnv().namespace);
  const viewers: TestViewer[] = [];
  const connections: NatsConnection[] = [];
  let roomId: string;
  let watcher: TestViewer;
  let sender: TestViewer;

  beforeAll(async () => {
    roomId = await openRoom(uniqueId('perm'));
    watcher = await connectViewer(1, uniqueId('watch'));
    sender = await connectViewer(0, uniqueId('send'));
    viewers.push(watcher, sender);
    for (const v of viewers) expect((await v.join(roomId)).ok).toBe(true);
    expect(await eventually(async () => (await admin('GET', `/rooms/${roomId}`)).body.online === 2)).toBe(true);
  });
  afterAll(async () => {
    viewers.forEach((v) => v.close());
    await Promise.all(connections.map((nc) => nc.close()));
  });

  /**
   * Connects as an identity; `refused(fn)` runs fn and says whether the server reported a
   * permission violation for it (the client hears of it asynchronously, shortly after).
   */
  async function as(service: string, instanceId = service) {
    const { nc, violations } = await connectAs(service, instanceId, credentials as NonNullable<typeof credentials>);
    connections.push(nc);
    const refused = async (attempt: () => unknown) => {
      const before = violations();
      await Promise.resolve(attempt()).catch(() => undefined);
      await nc.flush();
      return eventually(() => violations() > before, 2000, 10);
    };
    return { nc, refused };
  }

  /** A real message still flows afterwards, and the watcher saw nothing forged. */
  async function expectUntouched(forgedText: string): Promise<void> {
    const ack = await sender.send(roomId, `real after ${forgedText}`);
    expect(ack.ok).toBe(true);
    const seq = ack.ok ? ack.seq : -1;
    expect(await eventually(() => watcher.messagesOf(roomId).some((m) => m.seq === seq))).toBe(true);
    expect(watcher.messagesOf(roomId).some((m) => m.text === forgedText)).toBe(false);
    expect(watcher.controls.filter((c) => c.roomId === roomId && c.action !== 'online')).toEqual([]);
  }

  it('refuses a client without credentials, or with a wrong password', async () => {
    await expect(connect({ servers: natsServers() })).rejects.toMatchObject({ code: 'AUTHORIZATION_VIOLATION' });
    const login = (credentials as NonNullable<typeof credentials>).envFor('gateway', 'gateway-1');
    await expect(connect({ servers: natsServers(), user: login.NATS_USER, pass: 'guessed' })).rejects.toMatchObject({ code: 'AUTHORIZATION_VIOLATION' });
  });

  it("a gateway's credentials cannot publish a frame or a control message", async () => {
    const gateway = await as('gateway', 'gateway-1');
    const frame: RoomFrame = {
      roomId,
      fromSeq: 999_999,
      toSeq: 999_999,
      messages: [{ seq: 999_999, roomId, kind: 'system', text: 'forged frame', clientMsgId: 'f1', from: { id: 'host-1', name: 'Host', role: 'host', guest: false }, ts: Date.now() }],
      shaped: { dropped: 0, likes: 0 },
    };
    const control: RoomControl = { roomId, action: 'closed', reason: 'forged close' };
    expect(await gateway.refused(() => gateway.nc.publish(names.deliver(roomId).subject, encode(frame)))).toBe(true);
    expect(await gateway.refused(() => gateway.nc.publish(names.control(roomId).subject, encode(control)))).toBe(true);
    await sleep(200);
    await expectUntouched('forged frame');
  });

  it('a gateway cannot take ingest requests, append to the stream, or touch the partition consumers', async () => {
    const gateway = await as('gateway', 'gateway-2');
    const stolen: string[] = [];
    expect(await gateway.refused(() => gateway.nc.subscribe(names.ingestAll().subject, { callback: (_err, msg) => msg && stolen.push(msg.subject) }))).toBe(true);
    expect(await gateway.refused(() => gateway.nc.subscribe('>'))).toBe(true);
    expect(await gateway.refused(() => gateway.nc.publish(names.message(0, roomId), encode({ text: 'forged append' })))).toBe(true);
    const jsm = await gateway.nc.jetstreamManager();
    for (const consumer of [names.partitionConsumer(0), names.partitionConsumer(0, 2)]) expect(await gateway.refused(() => jsm.consumers.delete(names.streamMessages, consumer))).toBe(true);
    expect(await gateway.refused(() => jsm.streams.delete(names.streamMessages))).toBe(true);
    await expectUntouched('forged append');
    expect(stolen).toEqual([]);
  });

  it('a gateway reports presence only as itself: not on another subject, not naming another gateway', async () => {
    const gateway = await as('gateway', 'gateway-1');
    const forged = (gatewayId: string): PresenceReport => ({ gatewayId, epoch: 'forged-epoch', seq: 0, kind: 'snapshot', heartbeatMs: 60_000, rooms: { [roomId]: 1000 } });
    expect(await gateway.refused(() => gateway.nc.publish(names.presence('gateway-2').subject, encode(forged('gateway-2'))))).toBe(true);
    // On its own subject, a report naming gateway-2 is refused by membership: the subject is the sender the bus vouches for.
    expect(await gateway.refused(() => gateway.nc.publish(names.presence('gateway-1').subject, encode(forged('gateway-2'))))).toBe(false);
    const membership = suiteEnv().membership;
    expect(await eventually(async () => (await metric(membership, 'livecast_presence_reports_total', 'outcome="misattributed"')) >= 1)).toBe(true);
    await sleep(600);
    expect((await admin('GET', `/rooms/${roomId}`)).body.online).toBe(2);
    // gateway-2 (the watcher's) still reports: its counts follow a leave and a re-join.
    expect((await watcher.leave(roomId)).ok).toBe(true);
    expect(await eventually(async () => (await admin('GET', `/rooms/${roomId}`)).body.online === 1)).toBe(true);
    expect((await watcher.join(roomId)).ok).toBe(true);
    expect(await eventually(async () => (await admin('GET', `/rooms/${roomId}`)).body.online === 2)).toBe(true);
  });

  it.each([
    ['fanout', 'control', (n: Names, r: string) => n.control(r).subject],
    ['fanout', 'presence', (n: Names) => n.presence('gateway-1').subject],
    ['ingest', 'frame', (n: Names, r: string) => n.deliver(r).subject],
    ['ingest', 'control', (n: Names, r: string) => n.control(r).subject],
    ['membership', 'frame', (n: Names, r: string) => n.deliver(r).subject],
    ['membership', 'ingest request', (n: Names, r: string) => n.ingest(r).subject],
  ])("%s's credentials cannot publish a %s", async (service, _what, subjectOf) => {
    const identity = await as(service);
    expect(await identity.refused(() => identity.nc.publish(subjectOf(names, roomId), encode({ roomId, action: 'closed' })))).toBe(true);
  });

  it("ingest answers its peers' requests and into gateways' receipted inboxes, and cannot publish into a gateway's other inboxes", async () => {
    const responder = await as('ingest', 'ingest-permissions-a');
    const requester = await as('ingest', 'ingest-permissions-b');
    const subject = names.limitLend('ingest-permissions-a').subject;
    responder.nc.subscribe(subject, { callback: (_err, msg) => [1, 2, 3].forEach((n) => msg.respond(encode({ n }))) });
    await responder.nc.flush();
    const got: unknown[] = [];
    for await (const reply of await requester.nc.requestMany(subject, encode({}), { maxMessages: 3, maxWait: 1000 })) got.push(JSON.parse(new TextDecoder().decode(reply.data)));
    // No per-request allowance on the server (ADR 0023): every answer of a peer gets through.
    expect(got).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    const gatewayInbox = names.inboxPrefix({ service: 'gateway', instanceId: 'gateway-1' });
    expect(await responder.refused(() => responder.nc.publish(`${receiptedInboxOf(gatewayInbox)}.abc.1`, encode({ ok: false })))).toBe(false);
    // A forged JetStream API or KV reply to the gateway is refused.
    expect(await responder.refused(() => responder.nc.publish(`${gatewayInbox}.abc.1`, encode({ ok: false })))).toBe(true);
  });

  it('no identity can read another one’s replies', async () => {
    const fanout = await as('fanout');
    const gatewayInbox = `${names.inboxPrefix({ service: 'gateway', instanceId: 'gateway-1' })}.>`;
    expect(await fanout.refused(() => fanout.nc.subscribe(gatewayInbox))).toBe(true);
    expect(await fanout.refused(() => fanout.nc.subscribe('_INBOX.>'))).toBe(true);
  });
});
