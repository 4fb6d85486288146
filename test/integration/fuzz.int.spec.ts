import { ClientEvent, ErrorCode } from '@livecast/contracts';
import fc from 'fast-check';
import type { NatsConnection } from 'nats';
import { admin, openRoom } from '../support/admin';
import { asGatewayRequester, connectOperator } from '../support/bus';
import { connectViewer, eventually, sleep, uniqueId, type TestViewer } from '../support/clients';
import { metric } from '../support/extra-gateway';
import { hostileBody, hostileEvent } from '../support/fuzz';
import { suiteEnv } from '../support/suite-env';

// Size knob: FUZZ_EVENTS=20000 npm run test:integration -- --testPathPatterns fuzz
const EVENTS = Number(process.env.FUZZ_EVENTS ?? 1500);
const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
const EVENTS_PER_CONNECTION = 30; // under the per-connection burst, so errors are about content
const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));
const EVENT_NAMES = [ClientEvent.RoomJoin, ClientEvent.RoomLeave, ClientEvent.MessageSend, 'room:delete', '', 'x'.repeat(200)];

describe(`fuzz: ${EVENTS} hostile client events and bus payloads (seed ${SEED})`, () => {
  const viewers: TestViewer[] = [];
  let nc: NatsConnection;
  let roomId: string;
  let observer: TestViewer;

  beforeAll(async () => {
    nc = await connectOperator(undefined, undefined, asGatewayRequester(suiteEnv().namespace));
    roomId = await openRoom(uniqueId('fuzz'));
    observer = await connectViewer(1, uniqueId('observer'));
    viewers.push(observer);
    await observer.join(roomId);
    await eventually(async () => (await admin('GET', `/rooms/${roomId}`)).body.online === 1);
  });
  afterAll(async () => {
    viewers.forEach((v) => v.close());
    await nc.close();
  });

  it('answers every client event with a typed ack and changes nothing', async () => {
    const env = suiteEnv();
    const gateway = env.gateways[0];
    const rssBefore = await metric(gateway, 'process_resident_memory_bytes');
    const onlineBefore = (await admin('GET', `/rooms/${roomId}`)).body.online;
    expect(onlineBefore).toBe(1);
    // A near miss can land on a valid message (a join, then a send whose text is merely odd):
    // those are accepted and must be exactly what the observer sees.
    const accepted = new Set<number>();
    // One run is one connection's batch of events, so a failure shrinks to the smallest batch that shows it.
    const batch = fc.array(hostileEvent(EVENT_NAMES, roomId), { minLength: 1, maxLength: EVENTS_PER_CONNECTION });
    await fc.assert(
      fc.asyncProperty(batch, async (events) => {
        const fuzzer = await connectViewer(0, uniqueId('fuzzer'));
        try {
          const acks = await Promise.all(
            events.map(([event, payload]) => fuzzer.emit(event, payload).catch((err: Error) => ({ ok: false, error: { code: `no answer: ${err.message}` } }))),
          );
          for (const ack of acks) {
            expect(ack.ok || KNOWN_CODES.has(ack.error.code)).toBe(true);
            const seq = ack.ok ? (ack as Record<string, unknown>).seq : undefined;
            if (typeof seq === 'number') accepted.add(seq);
          }
          // Out of order: leave and send without ever joining.
          expect((await fuzzer.leave(roomId)).ok).toBe(true);
          expect(await fuzzer.send(roomId, 'not joined')).toMatchObject({ ok: false, error: { code: ErrorCode.NotInRoom } });
        } finally {
          fuzzer.close();
        }
      }),
      { seed: SEED, numRuns: Math.ceil(EVENTS / EVENTS_PER_CONNECTION) },
    );

    await sleep(500);
    // Near misses include valid joins of the room: they may have joined, but every fuzzer left.
    expect((await admin('GET', `/rooms/${roomId}`)).body.online).toBe(onlineBefore);
    expect(observer.messagesOf(roomId).map((m) => m.seq).sort()).toEqual([...accepted].sort());
    for (const url of [...env.gateways, env.membership]) expect((await fetch(`${url}/health/ready`)).status).toBe(200);
    const rssAfter = await metric(gateway, 'process_resident_memory_bytes');
    expect(rssAfter - rssBefore).toBeLessThan(64 * 1024 * 1024);
  }, 120_000);

  it('drops oversized packets by closing that connection only', async () => {
    const big = await connectViewer(0, uniqueId('big'));
    const disconnected = new Promise<string>((resolve) => big.socket.once('disconnect', resolve));
    big.socket.emit(ClientEvent.MessageSend, { roomId, clientMsgId: 'big', kind: 'chat', text: 'x'.repeat(64 * 1024) }, () => undefined);
    expect(await disconnected).toBe('transport close');
    const fine = await connectViewer(0, uniqueId('fine'));
    viewers.push(fine);
    expect((await fine.join(roomId)).ok).toBe(true);
  });

  it('refuses hostile bus payloads at every boundary and keeps serving', async () => {
    const env = suiteEnv();
    const ns = env.namespace;
    const encoder = new TextEncoder();
    const invalidBefore = await metric(env.gateways[1], 'livecast_bus_invalid_messages_total');
    const seenBefore = observer.messagesOf(roomId).length;
    let replies = 0;
    await fc.assert(
      fc.asyncProperty(hostileBody, async (body) => {
        const reply = await nc.request(`${ns}.ingest.${roomId}`, body, { timeout: 2000 });
        const parsed = JSON.parse(new TextDecoder().decode(reply.data)) as { ok: boolean; error?: { code: string } };
        expect(parsed).toMatchObject({ ok: false, error: { code: ErrorCode.Invalid } });
        replies++;
        nc.publish(`${ns}.deliver.${roomId}`, body);
        nc.publish(`${ns}.control.${roomId}`, body);
        nc.publish(`${ns}.presence.fake-gateway`, body);
      }),
      { seed: SEED + 1, numRuns: Math.min(EVENTS, 500), endOnFailure: true },
    );
    // A well-formed request for someone the gateway never vouched for still meets every check.
    const forged = await nc.request(
      `${ns}.ingest.${roomId}`,
      encoder.encode(JSON.stringify({ roomId, clientMsgId: 'forged', kind: 'system', text: 'x', from: { id: 'nobody', name: 'n', role: 'viewer', guest: false }, gatewayId: 'gw' })),
      { timeout: 2000 },
    );
    expect(JSON.parse(new TextDecoder().decode(forged.data))).toMatchObject({ ok: false, error: { code: ErrorCode.ForbiddenKind } });
    await nc.flush();
    await sleep(300);

    expect(replies).toBe(Math.min(EVENTS, 500));
    expect(observer.messagesOf(roomId)).toHaveLength(seenBefore);
    expect(observer.controls.filter((c) => c.action !== 'online')).toEqual([]);
    expect(await metric(env.gateways[1], 'livecast_bus_invalid_messages_total')).toBeGreaterThan(invalidBefore);
    for (const url of [...env.gateways, env.membership]) expect((await fetch(`${url}/health/ready`)).status).toBe(200);
    expect((await observer.leave(roomId)).ok).toBe(true);
    expect((await observer.join(roomId)).ok).toBe(true);
  }, 120_000);
});
