import { ClientEvent, ErrorCode, LivecastError, MAX_TEXT_CHARS, ServerEvent } from '@livecast/contracts/client';
import { LivecastClient } from './livecast-client';
import { FakeSocket } from './testing/fake-socket';
import { frame, joinAck, msg, tick } from './testing/fixtures';
import { joinedSession, record, route, sendAck, until } from './testing/harness';

describe('client-sdk: RoomSession join', () => {
  it('exposes snapshot and history, and delivers frames that raced the ack after the listeners attach', async () => {
    const socket = new FakeSocket();
    socket.answer = route({
      [ClientEvent.RoomJoin]: async () => {
        // The gateway subscribes before it acks: frames may arrive first.
        socket.push(ServerEvent.RoomFrame, frame([2, 3], { prevSeq: 1 }));
        return joinAck([1, 2], { lastSeq: 2 });
      },
    });
    const client = new LivecastClient(socket, { ackTimeoutMs: 50 });
    socket.accept();
    const session = await client.join('r1');
    const log = record(session);
    expect(session.snapshot).toEqual({ roomId: 'r1', title: 'Room r1', online: 1 });
    expect(session.history.map((m) => m.seq)).toEqual([1, 2]);
    expect(socket.sent(ClientEvent.RoomJoin)[0].payload).toEqual({ roomId: 'r1' });
    await tick();
    expect(log.messages).toEqual([[3]]);
    expect(log.gaps).toEqual([]);
    expect(session.lastSeq).toBe(3);
  });
});

describe('client-sdk: RoomSession frames', () => {
  it('de-duplicates by seq, and still shows a late (deferred) message once', async () => {
    const { socket, log } = await joinedSession([1, 2]);
    socket.push(ServerEvent.RoomFrame, frame([2, 3, 4], { prevSeq: 2 }));
    socket.push(ServerEvent.RoomFrame, frame([4, 6], { prevSeq: 4 }));
    socket.push(ServerEvent.RoomFrame, frame([5, 6, 7], { prevSeq: 6 }));
    socket.push(ServerEvent.RoomFrame, frame([5], { prevSeq: 7, toSeq: 7 }));
    expect(log.messages).toEqual([[3, 4], [6], [5, 7]]);
  });

  it('reports a gap when prevSeq is ahead of the last toSeq, and accepts a new owner without prevSeq', async () => {
    const { socket, log } = await joinedSession([1, 2]);
    socket.push(ServerEvent.RoomFrame, frame([3], { prevSeq: 2 }));
    socket.push(ServerEvent.RoomFrame, frame([8], { prevSeq: 6 }));
    socket.push(ServerEvent.RoomFrame, frame([9]));
    await tick();
    expect(log.gaps).toEqual([{ expectedPrev: 3, got: 6 }]);
    // The catch-up found nothing new (this gateway answers every join with [1, 2]): the frames follow as they are.
    expect(log.events).toEqual(['messages', 'gap', 'messages', 'messages']);
    expect(log.messages).toEqual([[3], [8], [9]]);
  });

  it('fills a gap with a catch-up after the watermark before the frames that waited, so the room stays in order', async () => {
    const { socket, session, log } = await joinedSession([1, 2]);
    socket.answer = route({ [ClientEvent.RoomJoin]: () => joinAck([4, 5, 6], { lastSeq: 6 }) });
    socket.push(ServerEvent.RoomFrame, frame([3], { prevSeq: 2 }));
    socket.push(ServerEvent.RoomFrame, frame([7, 8], { prevSeq: 6 }));
    socket.push(ServerEvent.RoomFrame, frame([9], { prevSeq: 8 }));
    expect(log.messages).toEqual([[3]]);
    await tick();
    expect(socket.sent(ClientEvent.RoomJoin).map((e) => e.payload)).toEqual([{ roomId: 'r1' }, { roomId: 'r1', sinceSeq: 3 }]);
    expect(log.gaps).toEqual([{ expectedPrev: 3, got: 6 }]);
    expect(log.events).toEqual(['messages', 'gap', 'messages', 'messages', 'messages']);
    expect(log.messages).toEqual([[3], [4, 5, 6], [7, 8], [9]]);
    expect(session.lastSeq).toBe(9);
    expect(session.state).toBe('joined');
  });

  it('shows the waiting frames as they are when the gap catch-up fails, and fetches a gap once', async () => {
    const { socket, log } = await joinedSession([1, 2]);
    socket.answer = route({ [ClientEvent.RoomJoin]: () => ({ ok: false, error: { code: ErrorCode.RoomClosed, message: 'closed' } }) });
    socket.push(ServerEvent.RoomFrame, frame([7], { prevSeq: 6 }));
    socket.push(ServerEvent.RoomFrame, frame([8], { prevSeq: 7 }));
    await tick();
    expect(socket.sent(ClientEvent.RoomJoin)).toHaveLength(2);
    expect(log.events).toEqual(['gap', 'messages', 'messages']);
    expect(log.messages).toEqual([[7], [8]]);
  });

  it('asks again while the catch-up is unavailable, holding the frames until it comes', async () => {
    const { socket, log } = await joinedSession([1, 2]);
    let asks = 0;
    socket.answer = route({
      [ClientEvent.RoomJoin]: () => (++asks < 4 ? { ok: false, error: { code: ErrorCode.Unavailable, message: 'no stream leader' } } : joinAck([5, 6], { lastSeq: 6 })),
    });
    socket.push(ServerEvent.RoomFrame, frame([7], { prevSeq: 6 }));
    socket.push(ServerEvent.RoomFrame, frame([8], { prevSeq: 7 }));
    await until(() => log.messages.length === 3);
    expect(asks).toBe(4);
    expect(log.events).toEqual(['gap', 'messages', 'messages', 'messages']);
    expect(log.messages).toEqual([[5, 6], [7], [8]]);
  });

  it('shows the waiting frames as they are once catchUpPatienceMs has passed without a catch-up', async () => {
    const { socket, log } = await joinedSession([1, 2], { catchUpPatienceMs: 20 });
    socket.answer = route({ [ClientEvent.RoomJoin]: () => ({ ok: false, error: { code: ErrorCode.Unavailable, message: 'no stream leader' } }) });
    socket.push(ServerEvent.RoomFrame, frame([7], { prevSeq: 6 }));
    expect(log.events).toEqual(['gap']);
    await until(() => log.events.length === 2);
    expect(log.events).toEqual(['gap', 'messages']);
    socket.push(ServerEvent.RoomFrame, frame([8], { prevSeq: 7 }));
    expect(log.messages).toEqual([[7], [8]]);
  });

  it('leaves a gap to the resume when the connection drops while it is fetched', async () => {
    const { socket, session, log } = await joinedSession([1, 2]);
    socket.answer = () => 'drop';
    socket.push(ServerEvent.RoomFrame, frame([7], { prevSeq: 6 }));
    socket.drop();
    socket.answer = route({ [ClientEvent.RoomJoin]: () => joinAck([5, 6, 7], { lastSeq: 7 }) });
    socket.accept();
    await tick();
    expect(socket.sent(ClientEvent.RoomJoin).map((e) => e.payload).at(-1)).toEqual({ roomId: 'r1', sinceSeq: 2 });
    expect(log.events).toEqual(['gap', 'resumed', 'messages']);
    expect(log.messages).toEqual([[5, 6, 7]]);
    expect(session.lastSeq).toBe(7);
  });

  it('reports frames skipped for slowness as skipped, not as a gap', async () => {
    const { socket, log } = await joinedSession([1, 2]);
    socket.push(ServerEvent.RoomFrame, frame([9], { prevSeq: 7, skipped: 3 }));
    expect(log.skipped).toEqual([3]);
    expect(log.gaps).toEqual([]);
  });

  it('emits shaped counters and online changes', async () => {
    const { socket, session, log } = await joinedSession([]);
    socket.push(ServerEvent.RoomFrame, frame([], { toSeq: 5, shaped: { dropped: 4, likes: 1 }, online: 7 }));
    socket.push(ServerEvent.RoomFrame, frame([], { toSeq: 6, prevSeq: 5, online: 7 }));
    expect(log.events).toEqual(['shaped', 'online:7']);
    expect(session.snapshot.online).toBe(7);
  });

  it('ignores frames of other rooms and malformed frames', async () => {
    const { socket, log } = await joinedSession([]);
    socket.push(ServerEvent.RoomFrame, frame([1], {}, 'r2'));
    socket.push(ServerEvent.RoomFrame, { roomId: 'r1' });
    expect(log.events).toEqual([]);
  });
});

describe('client-sdk: RoomSession control', () => {
  it('relays online and muted, and ends the session when kicked', async () => {
    const { socket, session, log } = await joinedSession([]);
    socket.push(ServerEvent.RoomControl, { roomId: 'r1', action: 'online', online: 42 });
    socket.push(ServerEvent.RoomControl, { roomId: 'r1', action: 'muted', userId: 'u' });
    socket.push(ServerEvent.RoomControl, { roomId: 'r1', action: 'kicked', userId: 'u', reason: 'spam' });
    socket.push(ServerEvent.RoomFrame, frame([1]));
    expect(log.events).toEqual(['online:42', 'control:online', 'control:muted', 'control:kicked', 'ended']);
    expect(session.state).toBe('ended');
    await expect(session.send('hi')).rejects.toMatchObject({ code: ErrorCode.Forbidden });
  });
});

describe('client-sdk: RoomSession send', () => {
  it.each<[string, string, string, string]>([
    ['empty text', '   ', 'chat', ErrorCode.Invalid],
    ['too long', 'x'.repeat(MAX_TEXT_CHARS + 1), 'chat', ErrorCode.TooLong],
    ['control characters', 'a\u0000b', 'chat', ErrorCode.Invalid],
    ['unknown kind', 'hi', 'shout', ErrorCode.Invalid],
  ])('validates locally before any I/O: %s', async (_name, text, kind, code) => {
    const { socket, session } = await joinedSession([]);
    const failure = session.send(text, kind as 'chat');
    await expect(failure).rejects.toBeInstanceOf(LivecastError);
    await expect(failure).rejects.toMatchObject({ code });
    expect(socket.sent(ClientEvent.MessageSend)).toEqual([]);
  });

  it('resolves with the accepted message and shows the echo once, whatever arrives first', async () => {
    const { socket, session, log } = await joinedSession([]);
    const sent = await session.send('hello');
    expect(sent).toMatchObject({ seq: 101, text: 'hello', kind: 'chat' });
    expect(socket.sent(ClientEvent.MessageSend)[0].payload).toMatchObject({ roomId: 'r1', kind: 'chat', text: 'hello', clientMsgId: sent.clientMsgId });
    socket.push(ServerEvent.RoomFrame, frame([101], { toSeq: 101 }));
    // The frame carrying the next message beats its ack: the echo is not shown again.
    socket.answer = route({
      [ClientEvent.MessageSend]: async (p: { roomId: string; clientMsgId: string; text: string }) => {
        socket.push(ServerEvent.RoomFrame, { ...frame([], { toSeq: 102, prevSeq: 101 }), messages: [{ ...msg(102), clientMsgId: p.clientMsgId }] });
        return sendAck(p, 102);
      },
    });
    await session.send('again');
    expect(log.messages).toEqual([[101], [102]]);
  });

  it('retries UNAVAILABLE and timeouts with the same clientMsgId, at most 3 tries', async () => {
    const { socket, session } = await joinedSession([]);
    const script = ['unavailable', 'timeout', 'accept'];
    socket.answer = route({
      [ClientEvent.MessageSend]: (p: { roomId: string; clientMsgId: string; text: string }) => {
        const next = script.shift();
        if (next === 'unavailable') return { ok: false, error: { code: ErrorCode.Unavailable, message: 'ingest down' } };
        return next === 'accept' ? sendAck(p, 7) : 'drop';
      },
    });
    await expect(session.send('hi')).resolves.toMatchObject({ seq: 7 });
    const ids = socket.sent(ClientEvent.MessageSend).map((e) => e.payload.clientMsgId);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(1);

    socket.answer = () => 'drop';
    await expect(session.send('lost')).rejects.toMatchObject({ code: ErrorCode.Unavailable });
    expect(socket.sent(ClientEvent.MessageSend)).toHaveLength(6);
  });

  it('throws other failures at once as LivecastError with the wire code', async () => {
    const { socket, session } = await joinedSession([]);
    socket.answer = () => ({ ok: false, error: { code: ErrorCode.RateLimited, message: 'slow down' } });
    const failure = session.send('hi');
    await expect(failure).rejects.toBeInstanceOf(LivecastError);
    await expect(failure).rejects.toMatchObject({ code: ErrorCode.RateLimited });
    expect(socket.sent(ClientEvent.MessageSend)).toHaveLength(1);
  });
});

describe('client-sdk: RoomSession leave', () => {
  it('tells the gateway, stops events, and refuses sends', async () => {
    const { socket, client, session, log } = await joinedSession([]);
    await session.leave();
    expect(socket.sent(ClientEvent.RoomLeave)[0].payload).toEqual({ roomId: 'r1' });
    socket.push(ServerEvent.RoomFrame, frame([5]));
    expect(log.events).toEqual([]);
    expect(client.session('r1')).toBeUndefined();
    await expect(session.send('hi')).rejects.toMatchObject({ code: ErrorCode.NotInRoom });
    await session.leave();
    expect(socket.sent(ClientEvent.RoomLeave)).toHaveLength(1);
  });
});
