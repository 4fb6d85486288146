import { mintToken } from '@livecast/auth';
import { createLivecastClient } from '@livecast/client-sdk';
import { ClientEvent, ErrorCode } from '@livecast/contracts';
import { openRoom } from '../support/admin';
import { connectViewer, connectWithToken, eventually, sleep, tokenFor, uniqueId, type TestViewer } from '../support/clients';
import { suiteEnv } from '../support/suite-env';

/** A token for `sub` that expires `ttlSec` from now, and when exactly (ms). */
function shortToken(sub: string, ttlSec: number): { token: string; expiresAt: number } {
  const token = mintToken(suiteEnv().jwtSecret, { sub, role: 'viewer' }, ttlSec);
  const { exp } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { exp: number };
  return { token, expiresAt: exp * 1000 };
}

describe('session: expiry holds on live connections', () => {
  const viewers: TestViewer[] = [];
  let roomId: string;
  let watcher: TestViewer;

  beforeAll(async () => {
    roomId = await openRoom(uniqueId('expiry'));
    watcher = await connectViewer(1, uniqueId('watcher'));
    viewers.push(watcher);
    await watcher.join(roomId);
  });
  afterAll(() => viewers.forEach((v) => v.close()));

  it('a connection whose token expires can no longer send, and is closed with SESSION_EXPIRED', async () => {
    const { token, expiresAt } = shortToken(uniqueId('short'), 2);
    const viewer = await connectWithToken(suiteEnv().gateways[0], token);
    viewers.push(viewer);
    await viewer.join(roomId);
    expect((await viewer.send(roomId, 'before expiry')).ok).toBe(true);
    await sleep(Math.max(0, expiresAt - Date.now()) + 20);
    // Refused at once (or already closed by the sweep): either way, nothing is accepted.
    const after = await viewer.send(roomId, 'after expiry').catch(() => ({ ok: false as const, error: { code: 'DISCONNECTED' } }));
    expect(after.ok).toBe(false);
    if (!after.ok) expect([ErrorCode.SessionExpired, 'DISCONNECTED']).toContain(after.error.code);
    expect(await eventually(() => !viewer.socket.connected, 5000)).toBe(true);
    expect(viewer.closing).toEqual([expect.objectContaining({ code: ErrorCode.SessionExpired })]);
    await sleep(300);
    expect(watcher.messagesOf(roomId).map((m) => m.text)).not.toContain('after expiry');
  }, 20_000);

  it('a connection that refreshed in time keeps sending past the first token’s expiry', async () => {
    const sub = uniqueId('refresher');
    const { token, expiresAt } = shortToken(sub, 2);
    const viewer = await connectWithToken(suiteEnv().gateways[0], token);
    viewers.push(viewer);
    await viewer.join(roomId);
    const fresh = shortToken(sub, 60);
    expect(await viewer.emit(ClientEvent.SessionRefresh, { token: fresh.token })).toEqual({ ok: true, expiresAt: fresh.expiresAt });
    await sleep(Math.max(0, expiresAt - Date.now()) + 1200);
    expect((await viewer.send(roomId, 'still here')).ok).toBe(true);
    expect(viewer.socket.connected).toBe(true);
    expect(viewer.closing).toEqual([]);
  }, 15_000);

  it.each<[string, () => string, string]>([
    ['another user’s token', () => tokenFor(uniqueId('someone-else')), ErrorCode.Forbidden],
    ['an invalid token', () => 'not-a-jwt', ErrorCode.Unauthenticated],
    ['an expired token', () => shortToken('x', -10).token, ErrorCode.Unauthenticated],
    ['no token', () => '', ErrorCode.Invalid],
  ])('a refresh with %s is refused and changes nothing', async (_name, makeToken, code) => {
    const viewer = await connectViewer(0, uniqueId('refused'));
    viewers.push(viewer);
    expect(await viewer.emit(ClientEvent.SessionRefresh, { token: makeToken() })).toMatchObject({ ok: false, error: { code } });
    await viewer.join(roomId);
    expect((await viewer.send(roomId, 'unchanged')).ok).toBe(true);
  });

  it('a guest has no token to refresh', async () => {
    const guest = await connectViewer(0);
    viewers.push(guest);
    expect(await guest.emit(ClientEvent.SessionRefresh, { token: tokenFor(uniqueId('upgrade')) })).toMatchObject({ ok: false, error: { code: ErrorCode.Forbidden } });
  });

  it('the SDK refreshes from getToken before expiry, so a session outlives its short tokens', async () => {
    const sub = uniqueId('sdk-refresh');
    let issued = 0;
    const client = createLivecastClient({
      url: suiteEnv().gateways[1],
      getToken: () => {
        issued++;
        return shortToken(sub, 3).token;
      },
    });
    const closing: string[] = [];
    client.on('closing', (notice) => closing.push(notice.code));
    try {
      const session = await client.join(roomId);
      await sleep(5000);
      expect(issued).toBeGreaterThanOrEqual(2);
      expect(closing).toEqual([]);
      await expect(session.send('outlived my first token')).resolves.toMatchObject({ text: 'outlived my first token' });
    } finally {
      client.close();
    }
  }, 15_000);
});
