import { ClientEvent, ErrorCode, ServerEvent } from '@livecast/contracts/client';
import { LivecastClient } from './livecast-client';
import { FakeSocket } from './testing/fake-socket';
import { TokenRefresher, expiryOf } from './token-refresher';

/** An unsigned JWT-shaped token with `exp` (the SDK only reads it to schedule). */
function tokenExpiringAt(expMs: number, sub = 'auth0|5f7c8ec7c33c6c004bbafe82'): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'ES256' })}.${part({ sub, name: 'Zoë', exp: Math.floor(expMs / 1000) })}.sig`;
}

describe('client-sdk: expiryOf', () => {
  it('reads exp in ms, also from a payload with non-ASCII claims', () => {
    expect(expiryOf(tokenExpiringAt(1_700_000_000_000))).toBe(1_700_000_000_000);
  });

  it.each([undefined, '', 'abc', 'a.!!!.c', `a.${Buffer.from('{"exp":"soon"}').toString('base64url')}.c`])('is undefined for %j', (token) => {
    expect(expiryOf(token)).toBeUndefined();
  });
});

describe('client-sdk: TokenRefresher with a LivecastClient', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  /** A client whose handshake used a token expiring in `lifetimeMs`; getToken hands out fresh ones. */
  async function connected(lifetimeMs: number, leadMs = 60_000) {
    const issued: string[] = [];
    let fail = false;
    const getToken = async () => {
      if (fail) throw new Error('identity provider unreachable');
      const token = tokenExpiringAt(Date.now() + lifetimeMs);
      issued.push(token);
      return token;
    };
    const refresher = new TokenRefresher(getToken, leadMs);
    const socket = new FakeSocket();
    socket.answer = (event, payload) => (event === ClientEvent.SessionRefresh ? { ok: true, expiresAt: expiryOf((payload as { token: string }).token) } : { ok: true });
    const client = new LivecastClient(socket, { ackTimeoutMs: 1000 }, refresher);
    const errors: string[] = [];
    client.on('error', (err) => errors.push(err.code));
    await refresher.handshakeToken();
    socket.accept();
    return { socket, client, issued, errors, failNext: (value: boolean) => (fail = value) };
  }

  it('refreshes leadMs before expiry with a new token from getToken, and again for the new one', async () => {
    const { socket, issued } = await connected(3_600_000);
    await jest.advanceTimersByTimeAsync(3_540_000 - 1);
    expect(socket.sent(ClientEvent.SessionRefresh)).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(socket.sent(ClientEvent.SessionRefresh).map((e) => e.payload)).toEqual([{ token: issued[1] }]);
    await jest.advanceTimersByTimeAsync(3_540_000);
    expect(socket.sent(ClientEvent.SessionRefresh)).toHaveLength(2);
  });

  it('refreshes a short-lived token halfway through what is left', async () => {
    const { socket } = await connected(4000);
    await jest.advanceTimersByTimeAsync(1999);
    expect(socket.sent(ClientEvent.SessionRefresh)).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(socket.sent(ClientEvent.SessionRefresh)).toHaveLength(1);
  });

  it('reports a failed getToken and retries while time is left', async () => {
    const { socket, errors, failNext } = await connected(4000);
    failNext(true);
    await jest.advanceTimersByTimeAsync(2000);
    expect(errors).toEqual([ErrorCode.Unauthenticated]);
    failNext(false);
    await jest.advanceTimersByTimeAsync(1000);
    expect(socket.sent(ClientEvent.SessionRefresh)).toHaveLength(1);
  });

  it('reports a refresh the gateway refused', async () => {
    const { socket, errors } = await connected(4000);
    socket.answer = () => ({ ok: false, error: { code: ErrorCode.Forbidden, message: 'the new token is for another user' } });
    await jest.advanceTimersByTimeAsync(2000);
    expect(errors[0]).toBe(ErrorCode.Forbidden);
  });

  it('stops while disconnected and starts over from the next handshake token', async () => {
    const { socket } = await connected(4000);
    socket.drop();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(socket.sent(ClientEvent.SessionRefresh)).toHaveLength(0);
  });

  it('reconnects after SESSION_EXPIRED, since getToken has a fresh token for the handshake', async () => {
    const { socket } = await connected(4000);
    socket.push(ServerEvent.Disconnecting, { code: ErrorCode.SessionExpired, message: 'expired' });
    socket.drop('io server disconnect');
    await jest.advanceTimersByTimeAsync(2000);
    expect(socket.connectCalls).toBe(1);
  });

  it('does not reconnect after SESSION_EXPIRED without a token source', async () => {
    const socket = new FakeSocket();
    new LivecastClient(socket, { serverReconnectDelayMs: 1 });
    socket.accept();
    socket.push(ServerEvent.Disconnecting, { code: ErrorCode.SessionExpired, message: 'expired' });
    socket.drop('io server disconnect');
    await jest.advanceTimersByTimeAsync(2000);
    expect(socket.connectCalls).toBe(0);
  });

  it('stops for good when the client closes', async () => {
    const { socket, client } = await connected(4000);
    client.close();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(socket.sent(ClientEvent.SessionRefresh)).toHaveLength(0);
  });
});
