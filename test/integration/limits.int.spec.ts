import { ClientEvent, ErrorCode } from '@livecast/contracts';
import { admin, openRoom } from '../support/admin';
import { connectViewer, uniqueId, type TestViewer } from '../support/clients';

describe('limits: every bound answers with its own code', () => {
  const viewers: TestViewer[] = [];
  afterAll(() => viewers.forEach((v) => v.close()));

  it('LIMIT_EXCEEDED past MAX_ROOMS_PER_CONNECTION (10), nothing joined', async () => {
    const viewer = await connectViewer(0, uniqueId('roamer'));
    viewers.push(viewer);
    const rooms = await Promise.all(Array.from({ length: 11 }, () => openRoom(uniqueId('r'))));
    for (const roomId of rooms.slice(0, 10)) expect((await viewer.join(roomId)).ok).toBe(true);
    expect(await viewer.join(rooms[10])).toMatchObject({ ok: false, error: { code: ErrorCode.Limit } });
    expect(await viewer.send(rooms[10], 'hi')).toMatchObject({ ok: false, error: { code: ErrorCode.NotInRoom } });
  });

  it('LIMIT_EXCEEDED past MAX_CONNECTIONS_PER_USER (10) on one gateway: the extra connection is closed with the reason', async () => {
    const user = uniqueId('devices');
    const devices = await Promise.all(Array.from({ length: 10 }, () => connectViewer(0, user)));
    viewers.push(...devices);
    const extra = await connectViewer(0, user);
    viewers.push(extra);
    // The server closes it right after the handshake: the close may arrive with the connect.
    if (extra.socket.connected) await new Promise((resolve) => extra.socket.once('disconnect', resolve));
    expect(extra.closing).toEqual([expect.objectContaining({ code: ErrorCode.Limit })]);
  });

  it('RATE_LIMITED past the per-connection event budget (burst 40), with the connection kept', async () => {
    const viewer = await connectViewer(1, uniqueId('spammy'));
    viewers.push(viewer);
    const acks = await Promise.all(Array.from({ length: 60 }, () => viewer.emit(ClientEvent.RoomLeave, { roomId: 'r' })));
    expect(acks.filter((a) => a.ok).length).toBeLessThanOrEqual(41);
    expect(acks.filter((a) => !a.ok && a.error.code === ErrorCode.RateLimited).length).toBeGreaterThanOrEqual(19);
    // 20 events a second: the next one is allowed within 50 ms, and the refusal says so.
    const hints = acks.flatMap((a) => (a.ok ? [] : [a.error.retryAfterMs]));
    expect(hints.every((ms) => ms !== undefined && ms > 0 && ms <= 1000)).toBe(true);
    expect(viewer.socket.connected).toBe(true);
  });

  it('a socket that keeps breaking its event budget is closed with RATE_LIMITED; other clients are unaffected', async () => {
    const flooder = await connectViewer(0, uniqueId('flooder'));
    const neighbour = await connectViewer(0, uniqueId('neighbour'));
    viewers.push(flooder, neighbour);
    let acked = 0;
    const disconnected = new Promise((resolve) => flooder.socket.once('disconnect', resolve));
    for (let i = 0; i < 10_000; i++) flooder.socket.emit(ClientEvent.RoomLeave, { roomId: 'r' }, () => acked++);
    const roundTrips = await Promise.all(Array.from({ length: 20 }, () => neighbour.emit(ClientEvent.RoomLeave, { roomId: 'r' })));
    await disconnected;
    expect(flooder.closing).toEqual([expect.objectContaining({ code: ErrorCode.RateLimited })]);
    // Budget (40) plus the refusals before the close (50), not 10,000 answers.
    expect(acked).toBeLessThan(200);
    expect(roundTrips.every((ack) => ack.ok)).toBe(true);
    expect(neighbour.socket.connected).toBe(true);
    expect((await neighbour.emit(ClientEvent.RoomLeave, { roomId: 'r' })).ok).toBe(true);
  });

  it('ROOM_EXISTS when opening an open room; a closed one re-opens', async () => {
    const roomId = await openRoom(uniqueId('twice'));
    expect(await admin('POST', '/rooms', { id: roomId, title: 'again' })).toMatchObject({ status: 409, body: { error: { code: ErrorCode.RoomExists } } });
    expect((await admin('DELETE', `/rooms/${roomId}`)).status).toBe(200);
    expect(await admin('POST', '/rooms', { id: roomId, title: 'second life' })).toMatchObject({ status: 201, body: { status: 'open', title: 'second life' } });
  });
});
