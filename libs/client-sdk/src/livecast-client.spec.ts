import { ClientEvent, ErrorCode, LivecastError, ServerEvent } from '@livecast/contracts/client';
import { LivecastClient } from './livecast-client';
import { FakeSocket } from './testing/fake-socket';
import { frame, joinAck, tick } from './testing/fixtures';
import { joinedSession, route, sendAck, until } from './testing/harness';

type SendPayload = { roomId: string; clientMsgId: string; text: string };

describe('client-sdk: LivecastClient resume', () => {
  it('re-joins after a drop with sinceSeq = the watermark and merges the catch-up without duplicates', async () => {
    const { socket, session, log } = await joinedSession([1, 2]);
    socket.push(ServerEvent.RoomFrame, frame([3, 4], { prevSeq: 2 }));
    socket.drop();
    expect(session.state).toBe('resuming');
    // The catch-up overlaps what was seen (4) and holds what was missed (5, 6).
    socket.answer = route({ [ClientEvent.RoomJoin]: () => joinAck([4, 5, 6], { lastSeq: 6, truncated: true }) });
    socket.accept();
    await tick();
    expect(socket.sent(ClientEvent.RoomJoin).map((e) => e.payload)).toEqual([{ roomId: 'r1' }, { roomId: 'r1', sinceSeq: 4 }]);
    expect(log.resumed).toEqual([{ sinceSeq: 4, truncated: true, missed: 2 }]);
    expect(log.events).toEqual(['messages', 'resumed', 'messages']);
    expect(log.messages).toEqual([[3, 4], [5, 6]]);
    expect(session.state).toBe('joined');
    // Live frames continue the chain from the resume's lastSeq: no false gap, no repeats.
    socket.push(ServerEvent.RoomFrame, frame([6, 7], { prevSeq: 6 }));
    expect(log.messages.at(-1)).toEqual([7]);
    expect(log.gaps).toEqual([]);
  });

  it('holds a send made while disconnected until the room is re-joined', async () => {
    const { socket, session, log } = await joinedSession([1]);
    socket.drop();
    const sending = session.send('while away');
    await tick(5);
    expect(socket.sent(ClientEvent.MessageSend)).toEqual([]);
    socket.answer = route({
      [ClientEvent.RoomJoin]: () => joinAck([], { lastSeq: 1 }),
      [ClientEvent.MessageSend]: (p: SendPayload) => sendAck(p, 2),
    });
    socket.accept();
    await expect(sending).resolves.toMatchObject({ seq: 2, text: 'while away' });
    const order = socket.emitted.map((e) => `${e.event}${e.connected ? '' : ' (offline)'}`);
    expect(order).toEqual([ClientEvent.RoomJoin, ClientEvent.RoomJoin, ClientEvent.MessageSend]);
    expect(log.messages).toEqual([[2]]);
  });

  it('fails an in-flight send when the connection drops and retries it with the same clientMsgId after the resume', async () => {
    const { socket, session } = await joinedSession([1]);
    socket.answer = () => new Promise(() => undefined);
    const sending = session.send('hi');
    await tick();
    socket.drop();
    socket.answer = route({ [ClientEvent.RoomJoin]: () => joinAck([], { lastSeq: 1 }), [ClientEvent.MessageSend]: (p: SendPayload) => sendAck(p, 2) });
    socket.accept();
    await expect(sending).resolves.toMatchObject({ seq: 2 });
    const ids = socket.sent(ClientEvent.MessageSend).map((e) => e.payload.clientMsgId);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
  });

  it('asks a resume again while the cluster answers UNAVAILABLE, beyond the send tries', async () => {
    const { socket, session, log } = await joinedSession([1], { sendTries: 2 });
    let asks = 0;
    socket.drop();
    socket.answer = route({ [ClientEvent.RoomJoin]: () => (++asks < 4 ? { ok: false, error: { code: ErrorCode.Unavailable, message: 'no stream leader' } } : joinAck([1, 2], { lastSeq: 2 })) });
    socket.accept();
    await until(() => session.state === 'joined');
    expect(asks).toBe(4);
    expect(log.messages).toEqual([[2]]);
  });

  it('ends a resume the cluster kept answering UNAVAILABLE for catchUpPatienceMs', async () => {
    const { socket, session, log } = await joinedSession([1], { catchUpPatienceMs: 30 });
    socket.drop();
    socket.answer = () => ({ ok: false, error: { code: ErrorCode.Unavailable, message: 'no stream leader' } });
    socket.accept();
    await until(() => session.state === 'ended');
    expect(log.ended).toEqual([ErrorCode.Unavailable]);
  });

  it('ends the session when the room cannot be re-joined', async () => {
    const { socket, session, log, client } = await joinedSession([1]);
    socket.drop();
    socket.answer = () => ({ ok: false, error: { code: ErrorCode.RoomClosed, message: 'closed' } });
    socket.accept();
    await tick();
    expect(log.ended).toEqual([ErrorCode.RoomClosed]);
    expect(session.state).toBe('ended');
    expect(client.session('r1')).toBeUndefined();
  });

  it('lets a newer resume supersede one that lost its connection', async () => {
    const { socket, log } = await joinedSession([1]);
    socket.drop();
    socket.answer = () => new Promise(() => undefined);
    socket.accept();
    await tick();
    socket.drop();
    socket.answer = route({ [ClientEvent.RoomJoin]: () => joinAck([2], { lastSeq: 2 }) });
    socket.accept();
    await tick(20);
    expect(log.resumed).toEqual([{ sinceSeq: 1, truncated: false, missed: 1 }]);
    expect(socket.sent(ClientEvent.RoomJoin)).toHaveLength(3);
  });
});

describe('client-sdk: LivecastClient join', () => {
  it('refuses an invalid room id before any I/O and returns the same session for a second join', async () => {
    const { socket, client, session } = await joinedSession([]);
    await expect(client.join('bad room!')).rejects.toMatchObject({ code: ErrorCode.Invalid, field: 'roomId' });
    await expect(client.join('r1')).resolves.toBe(session);
    expect(socket.sent(ClientEvent.RoomJoin)).toHaveLength(1);
  });

  it('waits for the connection, and rejects with the gateway error code', async () => {
    const socket = new FakeSocket();
    socket.answer = () => ({ ok: false, error: { code: ErrorCode.RoomNotFound, message: 'no such room' } });
    const client = new LivecastClient(socket, { ackTimeoutMs: 200 });
    const joining = client.join('r1');
    await tick();
    expect(socket.emitted).toEqual([]);
    socket.accept();
    await expect(joining).rejects.toMatchObject({ code: ErrorCode.RoomNotFound });
    expect(socket.emitted[0].connected).toBe(true);
    expect(client.session('r1')).toBeUndefined();
  });

  it('rejects waiting joins with the handshake refusal, and reports it as an error event', async () => {
    const socket = new FakeSocket();
    const client = new LivecastClient(socket, { ackTimeoutMs: 1000 });
    const errors: string[] = [];
    client.on('error', (e) => errors.push(e.code));
    const joining = client.join('r1');
    socket.active = false;
    socket.push('connect_error', Object.assign(new Error('refused'), { data: { code: ErrorCode.Unauthenticated, message: 'token expired' } }));
    await expect(joining).rejects.toMatchObject({ code: ErrorCode.Unauthenticated });
    expect(errors).toEqual([ErrorCode.Unauthenticated]);
  });
});

describe('client-sdk: LivecastClient connection', () => {
  it('reconnects by itself after the server closes the connection for a restart', async () => {
    const { socket, client } = await joinedSession([]);
    const notices: string[] = [];
    client.on('closing', (n) => notices.push(n.code));
    socket.push(ServerEvent.Disconnecting, { code: 'SHUTTING_DOWN', message: 'restarting' });
    socket.active = false;
    socket.drop('io server disconnect');
    await tick(5);
    expect(notices).toEqual(['SHUTTING_DOWN']);
    expect(socket.connectCalls).toBe(1);
  });

  it('does not reconnect after other server disconnects', async () => {
    const { socket } = await joinedSession([]);
    socket.push(ServerEvent.Disconnecting, { code: 'LIMIT_EXCEEDED', message: 'too many connections' });
    socket.drop('io server disconnect');
    await tick(5);
    expect(socket.connectCalls).toBe(0);
  });

  it('close ends sessions quietly, detaches and disconnects', async () => {
    const { socket, client, session, log } = await joinedSession([]);
    client.close();
    expect(session.state).toBe('ended');
    expect(log.events).toEqual([]);
    expect(socket.active).toBe(false);
    expect(socket.listenerCount(ServerEvent.RoomFrame)).toBe(0);
    await expect(client.join('r2')).rejects.toMatchObject({ code: ErrorCode.Unavailable });
    await expect(session.send('hi')).rejects.toMatchObject({ code: ErrorCode.NotInRoom });
  });

  it('reports connects and drops', async () => {
    const socket = new FakeSocket();
    const client = new LivecastClient(socket);
    const seen: string[] = [];
    client.on('connected', () => seen.push('connected'));
    client.on('disconnected', (reason) => seen.push(reason));
    socket.accept();
    expect(client.connected).toBe(true);
    socket.drop();
    expect(seen).toEqual(['connected', 'transport close']);
  });
});

describe('client-sdk: LivecastClient states', () => {
  function states(client: LivecastClient): string[] {
    const seen: string[] = [client.state];
    client.on('state', (state, previous) => {
      expect(previous).toBe(seen.at(-1));
      seen.push(state);
    });
    return seen;
  }

  it('goes connecting → connected, back to connecting on a drop, disconnected on a refusal, and connect() starts over', async () => {
    const socket = new FakeSocket();
    const client = new LivecastClient(socket, { ackTimeoutMs: 200 });
    const seen = states(client);
    socket.accept();
    socket.drop();
    socket.active = false;
    socket.push('connect_error', Object.assign(new Error('refused'), { data: { code: ErrorCode.Unauthenticated, message: 'token expired' } }));
    expect(client.state).toBe('disconnected');
    await expect(client.join('r1')).rejects.toMatchObject({ code: ErrorCode.Unauthenticated });
    client.connect();
    expect(socket.connectCalls).toBe(1);
    // After connect() a join waits for the new attempt instead of failing with the old refusal.
    socket.answer = route({ [ClientEvent.RoomJoin]: () => joinAck([]) });
    const joining = client.join('r1');
    socket.accept();
    await expect(joining).resolves.toMatchObject({ state: 'joined' });
    client.close();
    expect(seen).toEqual(['connecting', 'connected', 'connecting', 'disconnected', 'connecting', 'connected', 'disconnected']);
    expect(() => client.connect()).toThrow(expect.objectContaining({ code: ErrorCode.Unavailable }));
  });

  it('stays connecting after a server restart notice, since the SDK reconnects by itself', async () => {
    const { socket, client } = await joinedSession([]);
    const seen = states(client);
    socket.push(ServerEvent.Disconnecting, { code: 'SHUTTING_DOWN', message: 'restarting' });
    socket.active = false;
    socket.drop('io server disconnect');
    expect(seen).toEqual(['connected', 'connecting']);
    socket.push(ServerEvent.Disconnecting, { code: 'LIMIT_EXCEEDED', message: 'too many' });
    socket.accept();
    socket.drop('io server disconnect');
    expect(seen).toEqual(['connected', 'connecting', 'connected', 'disconnected']);
  });

  it('starts disconnected on a socket that is not connecting (autoConnect: false)', () => {
    const socket = new FakeSocket();
    socket.active = false;
    const client = new LivecastClient(socket);
    expect(client.state).toBe('disconnected');
    client.connect();
    expect(client.state).toBe('connecting');
    expect(socket.connectCalls).toBe(1);
  });
});

describe('client-sdk: RoomSession states', () => {
  it('reports joined → resuming → joined around a drop, and ended with the reason of a kick', async () => {
    const { socket, session } = await joinedSession([1]);
    const seen: string[] = [];
    session.on('state', (state, previous, reason) => seen.push(`${previous}→${state}${reason ? `:${reason.code}` : ''}`));
    socket.drop();
    socket.answer = route({ [ClientEvent.RoomJoin]: () => joinAck([], { lastSeq: 1 }) });
    socket.accept();
    await tick();
    socket.push(ServerEvent.RoomControl, { roomId: 'r1', action: 'kicked', userId: 'u1' });
    expect(seen).toEqual(['joined→resuming', 'resuming→joined', `joined→ended:${ErrorCode.Forbidden}`]);
  });

  it('ends quietly on leave, with a state change but no reason', async () => {
    const { session } = await joinedSession([1]);
    const seen: unknown[] = [];
    session.on('state', (state, previous, reason) => seen.push([previous, state, reason]));
    await session.leave();
    expect(seen).toEqual([['joined', 'ended', undefined]]);
  });
});

describe('client-sdk: typed errors', () => {
  it('a RATE_LIMITED send rejects with retryAfterMs from the ack', async () => {
    const { socket, session } = await joinedSession([1]);
    socket.answer = () => ({ ok: false, error: { code: ErrorCode.RateLimited, message: 'You are sending too fast; try again in 2 seconds.', retryAfterMs: 1500 } });
    const failure = await session.send('hi').catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(LivecastError);
    expect(failure).toMatchObject({ code: ErrorCode.RateLimited, retryAfterMs: 1500 });
  });

  it('drops an implausible retryAfterMs instead of trusting it', async () => {
    const { socket, session } = await joinedSession([1]);
    socket.answer = () => ({ ok: false, error: { code: ErrorCode.RateLimited, message: 'slow down', retryAfterMs: -5 } });
    await expect(session.send('hi')).rejects.toMatchObject({ code: ErrorCode.RateLimited, retryAfterMs: undefined });
  });
});
