import { ClientEvent, ErrorCode } from '@livecast/contracts';
import jwt from 'jsonwebtoken';
import { io } from 'socket.io-client';
import { openRoom } from '../support/admin';
import { connectViewer, sleep, tokenFor, uniqueId, type TestViewer } from '../support/clients';
import { suiteEnv } from '../support/suite-env';

async function handshakeError(token: unknown): Promise<{ message: string; data?: { code: string } }> {
  const socket = io(suiteEnv().gateways[0], { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
  try {
    return await new Promise((resolve, reject) => {
      socket.once('connect', () => reject(new Error('connected with a bad token')));
      socket.once('connect_error', (err: Error & { data?: { code: string } }) => resolve({ message: err.message, data: err.data }));
    });
  } finally {
    socket.disconnect();
  }
}

describe('auth: the handshake', () => {
  it.each([
    ['a garbage token', 'not-a-jwt', 'token invalid'],
    ['a token signed with another secret', jwt.sign({ role: 'viewer' }, 'some-other-secret-value', { subject: 'u1', expiresIn: 60 }), 'token invalid'],
    ['an expired token', jwt.sign({ role: 'viewer', exp: Math.floor(Date.now() / 1000) - 5 }, 'integration-test-secret-0123456789', { subject: 'u1' }), 'token expired'],
    ['a token with an unknown role', jwt.sign({ role: 'root' }, 'integration-test-secret-0123456789', { subject: 'u1', expiresIn: 60 }), 'token claims invalid'],
    ['a non-string token', 42, 'token must be a string'],
  ])('refuses %s with a clear reason', async (_name, token, reason) => {
    const error = await handshakeError(token);
    expect(error.message).toContain(reason);
    expect(error.data?.code).toBe(ErrorCode.Unauthenticated);
  });

  it('lets a guest watch but not send', async () => {
    const roomId = await openRoom(uniqueId('room'));
    const guest = await connectViewer(0);
    try {
      expect((await guest.join(roomId)).ok).toBe(true);
      expect(await guest.send(roomId, 'hi')).toMatchObject({ ok: false, error: { code: ErrorCode.Unauthenticated } });
    } finally {
      guest.close();
    }
  });

  it('accepts a valid token', async () => {
    const viewer = await connectViewer(1, uniqueId('ok'));
    expect(viewer.socket.connected).toBe(true);
    viewer.close();
    expect(tokenFor('x')).toMatch(/^ey/);
  });
});

describe('input: malformed client events get typed errors and change nothing', () => {
  let viewer: TestViewer;
  let other: TestViewer;
  let roomId: string;

  beforeAll(async () => {
    roomId = await openRoom(uniqueId('room'));
    viewer = await connectViewer(0, uniqueId('fuzzy'));
    other = await connectViewer(1, uniqueId('watcher'));
    await other.join(roomId);
  });
  afterAll(() => {
    viewer.close();
    other.close();
  });

  it.each<[string, string, unknown, string, string | null]>([
    ['join: not an object', ClientEvent.RoomJoin, 'room-1', ErrorCode.Invalid, null],
    ['join: missing roomId', ClientEvent.RoomJoin, {}, ErrorCode.Invalid, 'roomId'],
    ['join: roomId with a dot', ClientEvent.RoomJoin, { roomId: 'a.b' }, ErrorCode.Invalid, 'roomId'],
    ['join: wildcard roomId', ClientEvent.RoomJoin, { roomId: '>' }, ErrorCode.Invalid, 'roomId'],
    ['join: unknown field', ClientEvent.RoomJoin, { roomId: 'r', admin: true }, ErrorCode.Invalid, 'admin'],
    ['join: negative sinceSeq', ClientEvent.RoomJoin, { roomId: 'r', sinceSeq: -1 }, ErrorCode.Invalid, 'sinceSeq'],
    ['leave: number', ClientEvent.RoomLeave, 7, ErrorCode.Invalid, null],
    ['send: missing clientMsgId', ClientEvent.MessageSend, { roomId: 'r', kind: 'chat', text: 'x' }, ErrorCode.Invalid, 'clientMsgId'],
    ['send: unknown kind', ClientEvent.MessageSend, { roomId: 'r', clientMsgId: 'c1', kind: 'shout', text: 'x' }, ErrorCode.Invalid, 'kind'],
    ['send: text not a string', ClientEvent.MessageSend, { roomId: 'r', clientMsgId: 'c1', kind: 'chat', text: { a: 1 } }, ErrorCode.Invalid, 'text'],
    ['unknown event', 'room:destroy', { roomId: 'r' }, ErrorCode.Invalid, null],
  ])('%s', async (_name, event, payload, code, field) => {
    const ack = await viewer.emit(event, payload);
    expect(ack).toMatchObject({ ok: false, error: { code } });
    if (field !== null && !ack.ok) expect(ack.error.field).toBe(field);
  });

  it.each<[string, object, string]>([
    ['text too long', { kind: 'chat', text: 'x'.repeat(501) }, ErrorCode.TooLong],
    ['control characters', { kind: 'chat', text: 'hi\u0007there' }, ErrorCode.Invalid],
    ['empty text', { kind: 'chat', text: '   ' }, ErrorCode.Invalid],
    ['system kind from a viewer', { kind: 'system', text: 'I am the host' }, ErrorCode.ForbiddenKind],
  ])('send: %s is refused and nothing is delivered', async (_name, body, code) => {
    await viewer.join(roomId);
    const ack = await viewer.emit(ClientEvent.MessageSend, { roomId, clientMsgId: uniqueId('c'), ...body });
    expect(ack).toMatchObject({ ok: false, error: { code } });
  });

  it('sending to a room the viewer has not joined is NOT_IN_ROOM', async () => {
    const elsewhere = await openRoom(uniqueId('room'));
    expect(await viewer.send(elsewhere, 'hi')).toMatchObject({ ok: false, error: { code: ErrorCode.NotInRoom } });
  });

  it('after all of the above, the room has seen no frame and the connection still works', async () => {
    await sleep(200);
    expect(other.messagesOf(roomId)).toEqual([]);
    expect((await viewer.send(roomId, 'finally valid')).ok).toBe(true);
  });

  it('an event without an ack callback is dropped without breaking the connection', async () => {
    viewer.socket.emit(ClientEvent.RoomJoin, { roomId });
    await sleep(50);
    expect((await viewer.join(roomId)).ok).toBe(true);
  });
});
