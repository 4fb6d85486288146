import { ClientEvent, ErrorCode } from '@livecast/contracts/client';
import { connectError, request } from './request';
import { FakeSocket } from './testing/fake-socket';

describe('client-sdk: request', () => {
  it('returns the ok body and throws wire errors as LivecastError', async () => {
    const socket = new FakeSocket();
    socket.answer = (_e, p) => ((p as { roomId: string }).roomId === 'good' ? { ok: true, n: 1 } : { ok: false, error: { code: 'MUTED', message: 'muted' } });
    await expect(request(socket, ClientEvent.RoomLeave, { roomId: 'good' }, 50)).resolves.toEqual({ ok: true, n: 1 });
    await expect(request(socket, ClientEvent.RoomLeave, { roomId: 'bad' }, 50)).rejects.toMatchObject({ name: 'LivecastError', code: ErrorCode.Muted });
  });

  it.each<[string, object | 'drop', string]>([
    ['no answer is UNAVAILABLE', 'drop', ErrorCode.Unavailable],
    ['a malformed ack is INTERNAL', { hello: 1 }, ErrorCode.Internal],
    ['an unknown wire code becomes INTERNAL', { ok: false, error: { code: 'NOPE', message: 'x' } }, ErrorCode.Internal],
  ])('%s', async (_name, answer, code) => {
    const socket = new FakeSocket();
    socket.answer = () => answer;
    await expect(request(socket, ClientEvent.RoomLeave, { roomId: 'r' }, 10)).rejects.toMatchObject({ code });
  });

  it('maps handshake refusals to their wire code', () => {
    expect(connectError(Object.assign(new Error('x'), { data: { code: 'UNAUTHENTICATED', message: 'token expired' } }))).toMatchObject({ code: 'UNAUTHENTICATED', message: 'token expired' });
    expect(connectError(new Error('websocket error'))).toMatchObject({ code: ErrorCode.Unavailable });
  });
});
