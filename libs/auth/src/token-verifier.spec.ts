import { ErrorCode, LivecastError } from '@livecast/contracts';
import { SignJWT, exportJWK, generateKeyPair, type KeyLike } from 'jose';
import jwt from 'jsonwebtoken';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { JwksSource } from './jwks-source';
import { mintToken } from './mint-token';
import { TokenVerifier } from './token-verifier';

const secret = 'test-secret-0123456789';
const verifier = new TokenVerifier({ secrets: [secret], allowGuests: true });

async function codeOf(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run();
    return undefined;
  } catch (err) {
    return err instanceof LivecastError ? err.code : 'not-a-livecast-error';
  }
}

async function messageOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'accepted';
  } catch (err) {
    return (err as Error).message;
  }
}

function sign(claims: Record<string, unknown>, key: KeyLike | Uint8Array, header: { alg: string; kid?: string }, ttlSec = 60): Promise<string> {
  return new SignJWT(claims).setProtectedHeader(header).setExpirationTime(Math.floor(Date.now() / 1000) + ttlSec).sign(key);
}

describe('auth: TokenVerifier with an HMAC secret', () => {
  it('accepts a minted token', async () => {
    const { principal } = await verifier.verify(mintToken(secret, { sub: 'alice', role: 'host', name: 'Alice' }));
    expect(principal).toEqual({ id: 'alice', name: 'Alice', role: 'host', guest: false });
  });

  it('turns a missing token into a guest', async () => {
    expect((await verifier.verify(undefined)).principal).toMatchObject({ guest: true, role: 'viewer' });
  });

  it('refuses guests when they are not allowed', async () => {
    const strict = new TokenVerifier({ secrets: [secret], allowGuests: false });
    expect(await codeOf(() => strict.verify(undefined))).toBe(ErrorCode.Unauthenticated);
  });

  it.each([
    ['wrong secret', mintToken('another-secret-xyz', { sub: 'a', role: 'viewer' })],
    ['expired', jwt.sign({ role: 'viewer', sub: 'a', exp: Math.floor(Date.now() / 1000) - 10 }, secret)],
    ['bad role', jwt.sign({ role: 'god', sub: 'a' }, secret, { expiresIn: 60 })],
    ['sub with a control character', jwt.sign({ role: 'viewer', sub: 'a\u0007b' }, secret, { expiresIn: 60 })],
    ['sub longer than 255', jwt.sign({ role: 'viewer', sub: 'x'.repeat(256) }, secret, { expiresIn: 60 })],
    ['no sub', jwt.sign({ role: 'viewer' }, secret, { expiresIn: 60 })],
    ['no exp', jwt.sign({ role: 'viewer', sub: 'a' }, secret)],
    ['none algorithm', jwt.sign({ role: 'viewer', sub: 'a' }, '', { algorithm: 'none' })],
    ['garbage', 'not.a.jwt'],
    ['number', 42],
    ['an oversized token', `${mintToken(secret, { sub: 'a', role: 'viewer' })}${'x'.repeat(9000)}`],
  ])('refuses %s', async (_name, token) => {
    expect(await codeOf(() => verifier.verify(token))).toBe(ErrorCode.Unauthenticated);
  });

  it('reports expiry as the reason', async () => {
    const token = jwt.sign({ role: 'viewer', sub: 'a', exp: Math.floor(Date.now() / 1000) - 10 }, secret);
    expect(await messageOf(() => verifier.verify(token))).toBe('token expired');
  });

  it('reads bearer headers and never makes guests from them', async () => {
    expect((await verifier.verifyBearer(`Bearer ${mintToken(secret, { sub: 'bob', role: 'admin' })}`)).principal.id).toBe('bob');
    expect(await codeOf(() => verifier.verifyBearer(undefined))).toBe(ErrorCode.Unauthenticated);
  });

  it('accepts every secret of a rotation, newest first', async () => {
    const rotating = new TokenVerifier({ secrets: ['new-secret-0123456789', secret], allowGuests: false });
    expect((await rotating.verify(mintToken(secret, { sub: 'old', role: 'viewer' }))).principal.id).toBe('old');
    expect((await rotating.verify(mintToken('new-secret-0123456789', { sub: 'new', role: 'viewer' }))).principal.id).toBe('new');
  });

  it('gives the expiry (exp plus the clock skew) with the principal', async () => {
    const exp = Math.floor(Date.now() / 1000) + 30;
    const token = jwt.sign({ sub: 'a', exp }, secret);
    expect((await verifier.verify(token)).expiresAt).toBe(exp * 1000);
    const lenient = new TokenVerifier({ secrets: [secret], clockSkewSec: 20, allowGuests: false });
    expect((await lenient.verify(token)).expiresAt).toBe((exp + 20) * 1000);
  });

  it('tolerates the configured clock skew on exp and nothing more', async () => {
    const token = jwt.sign({ sub: 'a', exp: Math.floor(Date.now() / 1000) - 5 }, secret);
    const lenient = new TokenVerifier({ secrets: [secret], clockSkewSec: 30, allowGuests: false });
    expect((await lenient.verify(token)).principal.id).toBe('a');
    expect(await messageOf(() => verifier.verify(token))).toBe('token expired');
  });

  it('remembers a verified token until it expires', async () => {
    const token = mintToken(secret, { sub: 'cached', role: 'viewer' }, 60);
    const first = await verifier.verify(token);
    expect(await verifier.verify(token)).toBe(first);
    expect(await messageOf(() => verifier.verify(token, Date.now() + 61_000))).toBe('token expired');
  });
});

describe('auth: TokenVerifier with provider claims', () => {
  it.each(['auth0|5f7c8ec7c33c6c004bbafe82', 'google-oauth2|1122334455', 'alice.smith@example.com', 'Zoë 👩‍🚀'])('takes the sub %s as it is', async (sub) => {
    const { principal } = await verifier.verify(jwt.sign({ sub }, secret, { expiresIn: 60 }));
    expect(principal).toEqual({ id: sub, name: sub.slice(0, 64), role: 'viewer', guest: false });
  });

  it('makes a token without a role claim a viewer', async () => {
    expect((await verifier.verify(jwt.sign({ sub: 'a' }, secret, { expiresIn: 60 }))).principal.role).toBe('viewer');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['realm_access.roles', { realm_access: { roles: ['offline_access', 'host', 'uma_authorization'] } }, 'host'],
    ['https://example.com/roles', { 'https://example.com/roles': ['viewer', 'moderator'] }, 'moderator'],
    ['cognito:groups', { 'cognito:groups': ['admin', 'host'] }, 'admin'],
    ['resource_access.livecast.roles', { resource_access: { livecast: { roles: ['admin'] } } }, 'admin'],
    ['app_metadata.role', { app_metadata: { role: 'host' } }, 'host'],
    ['realm_access.roles', { realm_access: { roles: ['offline_access'] } }, 'viewer'],
  ])('reads the role from %s', async (roleClaim, claims, role) => {
    const configured = new TokenVerifier({ secrets: [secret], roleClaim, allowGuests: false });
    expect((await configured.verify(jwt.sign({ sub: 'a', ...claims }, secret, { expiresIn: 60 }))).principal.role).toBe(role);
  });

  it('uses preferred_username when there is no name, and cuts long names', async () => {
    expect((await verifier.verify(jwt.sign({ sub: 'kc-1', preferred_username: 'alice' }, secret, { expiresIn: 60 }))).principal.name).toBe('alice');
    expect((await verifier.verify(jwt.sign({ sub: 'long', name: 'n'.repeat(300) }, secret, { expiresIn: 60 }))).principal.name).toHaveLength(64);
  });

  it('checks issuer and audience when configured', async () => {
    const strict = new TokenVerifier({ secrets: [secret], issuer: ['https://id.example.com/'], audience: ['livecast'], allowGuests: false });
    const good = jwt.sign({ sub: 'a' }, secret, { expiresIn: 60, issuer: 'https://id.example.com/', audience: ['account', 'livecast'] });
    expect((await strict.verify(good)).principal.id).toBe('a');
    expect(await messageOf(() => strict.verify(jwt.sign({ sub: 'a' }, secret, { expiresIn: 60, issuer: 'https://evil.example.com/', audience: 'livecast' })))).toBe(
      'token invalid: issuer not accepted',
    );
    expect(await messageOf(() => strict.verify(jwt.sign({ sub: 'a' }, secret, { expiresIn: 60, issuer: 'https://id.example.com/', audience: 'other' })))).toBe(
      'token invalid: audience not accepted',
    );
    expect(await codeOf(() => strict.verify(jwt.sign({ sub: 'a' }, secret, { expiresIn: 60, issuer: 'https://id.example.com/' })))).toBe(ErrorCode.Unauthenticated);
  });
});

describe('auth: TokenVerifier with public keys', () => {
  let rsa: { publicKey: KeyObject; privateKey: KeyObject };
  let ec: { publicKey: KeyObject; privateKey: KeyObject };
  let ed: { publicKey: KeyObject; privateKey: KeyObject };
  let keyed: TokenVerifier;

  beforeAll(async () => {
    [rsa, ec, ed] = (await Promise.all([generateKeyPair('RS256'), generateKeyPair('ES256'), generateKeyPair('EdDSA', { crv: 'Ed25519' })])) as (typeof rsa)[];
    keyed = new TokenVerifier({ secrets: [secret], publicKeys: [rsa.publicKey, ec.publicKey, ed.publicKey], allowGuests: false });
  });

  it.each([
    ['RS256', () => rsa],
    ['PS256', () => rsa],
    ['ES256', () => ec],
    ['EdDSA', () => ed],
  ])('verifies %s', async (alg, pair) => {
    const token = await sign({ sub: `by-${alg}`, role: 'host' }, pair().privateKey, { alg });
    expect((await keyed.verify(token)).principal).toMatchObject({ id: `by-${alg}`, role: 'host' });
  });

  it('refuses a token signed by a key it does not know', async () => {
    const other = await generateKeyPair('ES256');
    expect(await messageOf(async () => keyed.verify(await sign({ sub: 'x' }, other.privateKey, { alg: 'ES256' })))).toBe('token invalid');
  });

  it('refuses algorithm confusion: an HS256 token "signed" with a public key as the secret', async () => {
    const pem = rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const forged = await sign({ sub: 'mallory', role: 'admin' }, createSecretKey(Buffer.from(pem)), { alg: 'HS256' });
    expect(await messageOf(() => keyed.verify(forged))).toBe('token invalid');
    const onlyPublic = new TokenVerifier({ publicKeys: [rsa.publicKey], allowGuests: false });
    expect(await messageOf(() => onlyPublic.verify(forged))).toBe('token invalid: algorithm HS256 is not accepted');
  });

  it('refuses an algorithm that does not fit any key (RS ↔ HS, ES384 without a P-384 key)', async () => {
    const secretsOnly = new TokenVerifier({ secrets: [secret], allowGuests: false });
    expect(await messageOf(async () => secretsOnly.verify(await sign({ sub: 'x' }, rsa.privateKey, { alg: 'RS256' })))).toBe('token invalid: algorithm RS256 is not accepted');
    const p384 = await generateKeyPair('ES384');
    expect(await messageOf(async () => keyed.verify(await sign({ sub: 'x' }, p384.privateKey, { alg: 'ES384' })))).toBe('token invalid: algorithm ES384 is not accepted');
  });
});

describe('auth: TokenVerifier with a JWKS', () => {
  it('picks the key by kid, and refuses an unknown one after one refetch', async () => {
    const a = await generateKeyPair('ES256');
    const b = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(a.publicKey)), kid: 'a', alg: 'ES256', use: 'sig' };
    const fetches: string[] = [];
    const jwks = new JwksSource({
      url: 'https://id.example.com/jwks',
      cooldownMs: 0,
      maxAgeMs: 60_000,
      timeoutMs: 1000,
      fetch: async (url) => {
        fetches.push(url);
        return new Response(JSON.stringify({ keys: [jwk] }));
      },
    });
    const remote = new TokenVerifier({ jwks, roleClaim: 'https://livecast.test/roles', allowGuests: false });
    const token = await sign({ sub: 'auth0|5f7c8ec7c33c6c004bbafe82', 'https://livecast.test/roles': ['host'] }, a.privateKey, { alg: 'ES256', kid: 'a' });
    expect((await remote.verify(token)).principal).toMatchObject({ id: 'auth0|5f7c8ec7c33c6c004bbafe82', role: 'host' });
    expect(fetches).toHaveLength(1);
    const unknown = await sign({ sub: 'x' }, b.privateKey, { alg: 'ES256', kid: 'b' });
    expect(await messageOf(() => remote.verify(unknown))).toBe('token invalid: signed by an unknown key');
    expect(fetches).toHaveLength(2);
    const wrongKid = await sign({ sub: 'x' }, b.privateKey, { alg: 'ES256', kid: 'a' });
    expect(await messageOf(() => remote.verify(wrongKid))).toBe('token invalid');
  });
});
