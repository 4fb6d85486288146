import { API_KEY_HEADER, ErrorCode } from '@livecast/contracts';
import { freePort, startService, type ServiceProcess } from '@livecast/stack-runner';
import { SignJWT } from 'jose';
import { createSecretKey, randomBytes } from 'node:crypto';
import { connectWithToken, eventually, uniqueId, type TestViewer } from '../support/clients';
import { metric } from '../support/extra-gateway';
import { IdentityProvider, type ProviderKey } from '../support/identity-provider';
import { PrivateStack } from '../support/private-stack';
import { TEST_TUNING, suiteEnv } from '../support/suite-env';

const SERVICE_KEY = randomBytes(24).toString('hex');
const ALLOWED_ORIGIN = 'https://app.livecast.test';

const AUTH0_HOST = 'auth0|5f7c8ec7c33c6c004bbafe82';
const GOOGLE_VIEWER = 'google-oauth2|1122334455';
const EMAIL_VIEWER = 'alice.smith@example.com';

async function handshakeError(url: string, token: string | undefined, options = {}): Promise<{ message: string; code?: string }> {
  try {
    const viewer = await connectWithToken(url, token, options);
    viewer.close();
    return { message: 'connected' };
  } catch (err) {
    const error = err as Error & { data?: { code: string } };
    return { message: error.message, code: error.data?.code };
  }
}

describe('identity: tokens as identity providers issue them, end to end', () => {
  const provider = new IdentityProvider();
  const stack = new PrivateStack();
  const viewers: TestViewer[] = [];
  let k1: ProviderKey;
  let gateway: ServiceProcess;
  let membership: string;

  /** Calls the private admin API with a user's token, or with the service API key. */
  async function adminCall(method: string, path: string, caller: { token: string } | { apiKey: string }, body?: unknown) {
    const auth: Record<string, string> = 'token' in caller ? { authorization: `Bearer ${caller.token}` } : { [API_KEY_HEADER]: caller.apiKey };
    const response = await fetch(`${membership}${path}`, { method, headers: { ...auth, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
  const service = { apiKey: SERVICE_KEY };

  async function connect(sub: string, roles: string[] = []): Promise<TestViewer> {
    const viewer = await connectWithToken(gateway.httpUrl, await provider.token(k1, sub, roles));
    viewers.push(viewer);
    return viewer;
  }

  beforeAll(async () => {
    await provider.start();
    k1 = await provider.newKey('k1', true);
    const env = provider.env();
    membership = (await stack.start('membership', 'membership-id', { ...env, ADMIN_API_KEYS: `backend:${SERVICE_KEY}` })).httpUrl;
    await stack.start('ingest', 'ingest-id');
    await stack.start('fanout', 'fanout-id');
    gateway = await stack.startGateway('gateway-id', { ...env, ALLOWED_ORIGINS: ALLOWED_ORIGIN, OPS_PORT: String(await freePort()) });
  }, 60_000);
  afterAll(async () => {
    viewers.forEach((v) => v.close());
    await stack.stop();
    await provider.stop();
  });

  it('a JWKS-backed ES256 host and viewers with provider subs join, send and see each other by their original ids', async () => {
    const host = await provider.token(k1, AUTH0_HOST, ['host']);
    const roomId = uniqueId('idp');
    expect(await adminCall('POST', '/rooms', { token: host }, { id: roomId, title: 'IdP room' })).toMatchObject({ status: 201, body: { hostId: AUTH0_HOST } });
    const google = await connect(GOOGLE_VIEWER);
    const alice = await connect(EMAIL_VIEWER, ['offline_access']);
    expect((await google.join(roomId)).ok).toBe(true);
    expect((await alice.join(roomId)).ok).toBe(true);
    const sent = await alice.send(roomId, 'hello from alice');
    expect(sent).toMatchObject({ ok: true, message: { from: { id: EMAIL_VIEWER, role: 'viewer' } } });
    expect(await eventually(() => google.messagesOf(roomId).some((m) => m.text === 'hello from alice'))).toBe(true);
    const seen = google.frames.flatMap((f) => f.messages).find((m) => m.text === 'hello from alice');
    expect(seen?.from.id).toBe(EMAIL_VIEWER);
  });

  it('moderation by user id through the admin API: ban and unban an email sub, mute a pipe sub with the API key', async () => {
    const host = await provider.token(k1, AUTH0_HOST, ['host']);
    const roomId = uniqueId('mod');
    await adminCall('POST', '/rooms', { token: host }, { id: roomId, title: 'moderated' });
    const alice = await connect(EMAIL_VIEWER);
    const google = await connect(GOOGLE_VIEWER);
    await alice.join(roomId);
    await google.join(roomId);

    expect(await adminCall('POST', `/rooms/${roomId}/bans`, { token: host }, { userId: EMAIL_VIEWER, reason: 'spam' })).toMatchObject({ status: 201, body: { by: AUTH0_HOST } });
    expect(await eventually(() => alice.controls.some((c) => c.action === 'banned' && c.userId === EMAIL_VIEWER))).toBe(true);
    expect(await alice.join(roomId)).toMatchObject({ ok: false, error: { code: ErrorCode.Banned } });
    expect((await adminCall('DELETE', `/rooms/${roomId}/bans/${encodeURIComponent(EMAIL_VIEWER)}`, { token: host })).status).toBe(204);
    expect(await eventually(async () => (await alice.join(roomId)).ok, 5000, 100)).toBe(true);

    expect(await adminCall('POST', `/rooms/${roomId}/mutes`, service, { userId: GOOGLE_VIEWER })).toMatchObject({ status: 201, body: { by: 'api-key:backend' } });
    expect(await eventually(async () => {
      const ack = await google.send(roomId, 'muted?');
      return !ack.ok && ack.error.code === ErrorCode.Muted;
    }, 5000, 100)).toBe(true);
    expect((await adminCall('DELETE', `/rooms/${roomId}/mutes/${encodeURIComponent(GOOGLE_VIEWER)}`, service)).status).toBe(204);
    expect(await eventually(async () => (await google.send(roomId, 'unmuted')).ok, 5000, 100)).toBe(true);
  }, 20_000);

  it('a key published in the JWKS later is accepted without a restart', async () => {
    const k2 = await provider.newKey('k2', false);
    const token = await provider.token(k2, 'rotated-user');
    expect(await handshakeError(gateway.httpUrl, token)).toEqual({ message: 'token invalid: signed by an unknown key', code: ErrorCode.Unauthenticated });
    provider.publish(k2);
    expect(await eventually(async () => (await handshakeError(gateway.httpUrl, token)).message === 'connected', 10_000, 100)).toBe(true);
  }, 20_000);

  it('refuses a token signed by an unknown key, from another issuer or for another audience', async () => {
    const stranger = await new IdentityProvider().newKey('k1', false);
    const cases: [string, Promise<string>][] = [
      ['token invalid', provider.token(stranger, 'u1')],
      ['token invalid: signed by an unknown key', provider.token({ ...stranger, kid: 'never-published' }, 'u1')],
      ['token invalid: issuer not accepted', provider.token(k1, 'u1', [], { iss: 'https://evil.example.com/' })],
      ['token invalid: audience not accepted', provider.token(k1, 'u1', [], { aud: 'someone-else' })],
      ['token expired', provider.token(k1, 'u1', [], { exp: Math.floor(Date.now() / 1000) - 5 })],
    ];
    for (const [message, token] of cases) expect(await handshakeError(gateway.httpUrl, await token)).toEqual({ message, code: ErrorCode.Unauthenticated });
  });

  it('also accepts HMAC tokens from JWT_SECRET when they carry the issuer and audience', async () => {
    const key = createSecretKey(Buffer.from(suiteEnv().jwtSecret));
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ iss: provider.issuer, aud: provider.audience, sub: 'hs-user', exp: now + 60 }).setProtectedHeader({ alg: 'HS256' }).sign(key);
    expect(await handshakeError(gateway.httpUrl, token)).toEqual({ message: 'connected' });
  });

  it('a token without a role claim is a viewer, who may not open rooms', async () => {
    const viewer = await provider.token(k1, 'plain-viewer', [], { [provider.rolesClaim]: undefined });
    expect(await adminCall('POST', '/rooms', { token: viewer }, { id: uniqueId('nope'), title: 'x' })).toMatchObject({ status: 403, body: { error: { code: ErrorCode.Forbidden } } });
  });

  it('the admin API takes the service API key, refuses a wrong or missing one', async () => {
    expect(await adminCall('POST', '/rooms', service, { id: uniqueId('svc'), title: 'from a back end', hostId: AUTH0_HOST })).toMatchObject({
      status: 201,
      body: { hostId: AUTH0_HOST },
    });
    expect(await adminCall('POST', '/rooms', { apiKey: `${service.apiKey}x` }, { id: uniqueId('svc'), title: 'x' })).toMatchObject({
      status: 401,
      body: { error: { code: ErrorCode.Unauthenticated, message: 'api key invalid' } },
    });
    expect((await fetch(`${membership}/rooms/anything`)).status).toBe(401);
  });

  it('enforces the origin allow-list on WebSocket upgrades and polling handshakes', async () => {
    const token = await provider.token(k1, 'browser-user');
    const refusedBefore = await metric(gateway.opsUrl, 'livecast_gateway_connections_refused_total', 'code="FORBIDDEN"');
    expect(await handshakeError(gateway.httpUrl, token, { extraHeaders: { origin: ALLOWED_ORIGIN } })).toEqual({ message: 'connected' });
    expect(await handshakeError(gateway.httpUrl, token)).toEqual({ message: 'connected' });
    expect((await handshakeError(gateway.httpUrl, token, { extraHeaders: { origin: 'https://evil.example.com' } })).message).not.toBe('connected');
    const polling = { transports: ['polling'], extraHeaders: { origin: 'https://evil.example.com' } };
    expect((await handshakeError(gateway.httpUrl, token, polling)).message).not.toBe('connected');
    expect(await handshakeError(gateway.httpUrl, token, { transports: ['polling'], extraHeaders: { origin: ALLOWED_ORIGIN } })).toEqual({ message: 'connected' });
    expect(await metric(gateway.opsUrl, 'livecast_gateway_connections_refused_total', 'code="FORBIDDEN"')).toBe(refusedBefore + 2);
  });

  it('serves health and metrics on OPS_PORT only, not on the public port', async () => {
    expect((await fetch(`${gateway.opsUrl}/health/ready`)).status).toBe(200);
    expect(await (await fetch(`${gateway.opsUrl}/metrics`)).text()).toContain('livecast_gateway_connections');
    expect((await fetch(`${gateway.httpUrl}/health/ready`)).status).toBe(404);
    expect((await fetch(`${gateway.httpUrl}/metrics`)).status).toBe(404);
  });

  it('a service with no token key source refuses to start, saying what to set', async () => {
    const lines: string[] = [];
    const port = await freePort();
    const env = { NATS_URL: suiteEnv().natsUrl, NATS_NAMESPACE: stack.namespace, ...TEST_TUNING, JWT_SECRET: '', GATEWAY_PORT: String(port), INSTANCE_ID: 'gateway-nokeys' };
    await expect(startService('gateway', 'gateway-nokeys', env, port, (_name, line) => lines.push(line), { readyTimeoutMs: 20_000 })).rejects.toThrow('exited with code 1');
    expect(await eventually(() => lines.join('\n').includes('no token key source: set JWT_SECRET, JWT_PUBLIC_KEYS or JWT_JWKS_URL'))).toBe(true);
  }, 30_000);
});
