import { ErrorCode, Names, RECEIPT_HEADER, partitionOf } from '@livecast/contracts';
import { JSONCodec, createInbox, type NatsConnection } from 'nats';
import { openRoom } from '../support/admin';
import { asGatewayRequester } from '../support/bus';
import { connectViewer, uniqueId, type TestViewer } from '../support/clients';
import { metric } from '../support/extra-gateway';
import { PrivateStack } from '../support/private-stack';
import { TEST_TUNING } from '../support/suite-env';

describe('ingest across replicas: de-duplication and rate limits hold whichever replica answers', () => {
  const stack = new PrivateStack({ INGEST_TIMEOUT_MS: '1000', INGEST_RESEND_MS: '300', APPEND_BUDGET_MS: '800' });
  const viewers: TestViewer[] = [];
  let gateway: string;
  let membership: string;
  let nc: NatsConnection;

  beforeAll(async () => {
    membership = (await stack.start('membership', 'membership-p')).httpUrl;
    await stack.start('ingest', 'ingest-a');
    gateway = (await stack.startGateway('gateway-p')).httpUrl;
    nc = await stack.connectOperator();
  }, 60_000);
  afterAll(async () => {
    viewers.forEach((v) => v.close());
    await nc.close();
    await stack.stop();
  });

  const alive = (s: { child: { exitCode: number | null; signalCode: string | null } }) => s.child.exitCode === null && s.child.signalCode === null;
  const service = (name: string) => stack.services.find((s) => s.name === name && alive(s));

  it('a retry answered by another replica gets the original seq and appends nothing', async () => {
    const roomId = await openRoom(uniqueId('dd'), 'host-1', membership);
    const viewer = await connectViewer(gateway, uniqueId('v'));
    viewers.push(viewer);
    await viewer.join(roomId);
    const clientMsgId = uniqueId('once');

    const first = await viewer.send(roomId, 'exactly once', 'chat', clientMsgId);
    expect(first).toMatchObject({ ok: true, duplicate: false });
    // Hand the queue group over: B takes requests, A stops, so the retry can only reach B.
    await stack.start('ingest', 'ingest-b');
    await service('ingest-a')?.stop();
    const retry = await viewer.send(roomId, 'exactly once', 'chat', clientMsgId);
    expect(retry).toMatchObject({ ok: true, duplicate: true });
    expect(retry.ok && first.ok && retry.seq === first.seq).toBe(true);
    expect(await metric(service('ingest-b')?.httpUrl ?? '', 'livecast_ingest_requests_total', 'outcome="duplicate"')).toBe(1);

    const jsm = await nc.jetstreamManager();
    const info = await jsm.streams.info(`${stack.namespace.toUpperCase()}_MSGS`, { subjects_filter: `${stack.namespace}.msg.*.${roomId}` });
    expect(info.state.subjects?.[`${stack.namespace}.msg.${Object.keys(info.state.subjects ?? {})[0]?.split('.')[2]}.${roomId}`]).toBe(1);
  }, 60_000);

  it('a viewer gets exactly its burst across two replicas, then RATE_LIMITED with a retry hint', async () => {
    if (!service('ingest-a')) await stack.start('ingest', 'ingest-a2');
    const roomId = await openRoom(uniqueId('rl'), 'host-1', membership);
    // Five connections of one user, so the gateway's per-connection event limit is not what trips.
    const user = uniqueId('eager');
    const devices = await Promise.all(Array.from({ length: 5 }, () => connectViewer(gateway, user)));
    viewers.push(...devices);
    for (const d of devices) await d.join(roomId);
    const acks = await Promise.all(devices.flatMap((d) => Array.from({ length: 6 }, (_, i) => d.send(roomId, `hi ${i}`))));
    expect(acks.filter((a) => a.ok)).toHaveLength(20);
    const refused = acks.filter((a) => !a.ok);
    expect(refused).toHaveLength(10);
    for (const a of refused) expect(a).toMatchObject({ ok: false, error: { code: ErrorCode.RateLimited, message: expect.stringMatching(/try again in \d+ seconds?/) } });
    // The same hint for programs: ms until a send can succeed, within the viewer window (20 per 30 s).
    const hints = refused.flatMap((a) => (a.ok ? [] : [a.error.retryAfterMs]));
    expect(hints.every((ms) => ms !== undefined && ms > 0 && ms <= 30_000)).toBe(true);
    const served = await Promise.all(stack.services.filter((s) => s.name.startsWith('ingest') && alive(s)).map((s) => metric(s.httpUrl, 'livecast_ingest_requests_total')));
    expect(served.filter((n) => n > 0).length).toBe(2);
  }, 60_000);

  it('a replica killed without goodbye gives its share back at once: the survivor grants the whole burst', async () => {
    const running = stack.services.filter((s) => s.name.startsWith('ingest') && alive(s));
    if (running.length < 2) await stack.start('ingest', 'ingest-d');
    const [victim] = stack.services.filter((s) => s.name.startsWith('ingest') && alive(s));
    const roomId = await openRoom(uniqueId('kill'), 'host-1', membership);
    const user = uniqueId('steady');
    const devices = await Promise.all(Array.from({ length: 5 }, () => connectViewer(gateway, user)));
    viewers.push(...devices);
    for (const d of devices) await d.join(roomId);
    const exited = new Promise((resolve) => victim.child.once('exit', resolve));
    victim.child.kill('SIGKILL');
    await exited;
    // Its announcement is still fresh in the bucket: only the lend that finds no responder tells the survivor it is gone.
    const acks = await Promise.all(devices.flatMap((d) => Array.from({ length: 4 }, (_, i) => d.send(roomId, `after the crash ${i}`))));
    expect(acks.filter((a) => !a.ok)).toEqual([]);
  }, 60_000);

  const resent = () => metric(gateway, 'livecast_bus_requests_resent_total', 'channel="ingestRequest"');

  async function joinedViewer(prefix: string) {
    const roomId = await openRoom(uniqueId(prefix), 'host-1', membership);
    const viewer = await connectViewer(gateway, uniqueId('v'));
    viewers.push(viewer);
    await viewer.join(roomId);
    return { roomId, viewer };
  }

  it('a request the bus hands to a member that never answers (as on a paused node) goes out again after INGEST_RESEND_MS and is stored once', async () => {
    if (!stack.services.some((s) => s.name.startsWith('ingest') && alive(s))) await stack.start('ingest', 'ingest-h');
    const names = new Names(stack.namespace);
    const { roomId, viewer } = await joinedViewer('resend');
    // A queue member that swallows the first request it gets, then leaves the group.
    let swallowed: string | undefined;
    const hole = nc.subscribe(names.ingestAll().subject, {
      queue: names.ingestQueue,
      callback: (_err, msg) => {
        swallowed ??= (JSONCodec().decode(msg.data) as { clientMsgId: string }).clientMsgId;
        hole.unsubscribe();
      },
    });
    await nc.flush();
    const resentBefore = await resent();
    const sent: { clientMsgId: string; ok: boolean }[] = [];
    // The group picks the hole for one request in two: 15 tries miss it once in 30,000 runs.
    for (let i = 0; i < 15 && swallowed === undefined; i++) {
      const clientMsgId = uniqueId('h');
      sent.push({ clientMsgId, ok: (await viewer.send(roomId, `resent ${i}`, 'chat', clientMsgId)).ok });
    }
    expect(swallowed).toBe(sent[sent.length - 1].clientMsgId);
    expect(sent.every((s) => s.ok)).toBe(true);
    expect(await resent()).toBe(resentBefore + 1);
    const info = await (await nc.jetstreamManager()).streams.info(names.streamMessages, { subjects_filter: names.message(partitionOf(roomId, Number(TEST_TUNING.PARTITIONS)), roomId) });
    expect(Object.values(info.state.subjects ?? {})).toEqual([sent.length]);
  }, 60_000);

  it('answers UNAVAILABLE when no ingest replica is running, and recovers when one returns', async () => {
    const roomId = await openRoom(uniqueId('un'), 'host-1', membership);
    const viewer = await connectViewer(gateway, uniqueId('v'));
    viewers.push(viewer);
    await viewer.join(roomId);
    await Promise.all(stack.services.filter((s) => s.name.startsWith('ingest')).map((s) => s.stop()));
    expect(await viewer.send(roomId, 'anyone?')).toMatchObject({ ok: false, error: { code: ErrorCode.Unavailable } });
    await stack.start('ingest', 'ingest-c');
    expect((await viewer.send(roomId, 'back')).ok).toBe(true);
  }, 60_000);

  it('copies of one request on one replica at once share one decision and one append', async () => {
    const ingests = stack.services.filter((s) => s.name.startsWith('ingest') && alive(s));
    await Promise.all(ingests.slice(1).map((s) => s.stop()));
    const only = ingests[0];
    const names = new Names(stack.namespace);
    const roomId = await openRoom(uniqueId('cp'), 'host-1', membership);
    const request = {
      roomId,
      clientMsgId: uniqueId('copy'),
      kind: 'chat',
      text: 'sent twice at once',
      from: { id: uniqueId('u'), name: 'copier', role: 'viewer', guest: false },
      gatewayId: 'gateway-p',
      expiresAt: Date.now() + 5000,
    };
    const coalescedBefore = await metric(only.httpUrl, 'livecast_ingest_requests_total', 'outcome="coalesced"');
    // As gateway-p sends it: ingest may answer only into a gateway's receipted inbox.
    const inbox = createInbox(asGatewayRequester(stack.namespace, 'gateway-p'));
    const answers: { ok: boolean; seq?: number; duplicate?: boolean }[] = [];
    const sub = nc.subscribe(inbox, { callback: (_err, msg) => msg.headers?.has(RECEIPT_HEADER) || answers.push(JSONCodec<(typeof answers)[number]>().decode(msg.data)) });
    for (let i = 0; i < 2; i++) nc.publish(names.ingest(roomId).subject, JSONCodec().encode(request), { reply: inbox });
    for (let waited = 0; answers.length < 2 && waited < 5000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    sub.unsubscribe();
    expect(answers).toHaveLength(2);
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(answers[0].seq).toBe(answers[1].seq);
    expect(await metric(only.httpUrl, 'livecast_ingest_requests_total', 'outcome="coalesced"')).toBe(coalescedBefore + 1);
    const info = await (await nc.jetstreamManager()).streams.info(names.streamMessages, { subjects_filter: names.message(partitionOf(roomId, Number(TEST_TUNING.PARTITIONS)), roomId) });
    expect(Object.values(info.state.subjects ?? {})).toEqual([1]);
  }, 60_000);
});
