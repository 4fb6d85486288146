import { ConfigError } from '@livecast/config';
import { generateKeyPairSync } from 'node:crypto';
import { apiKeyRingOf, tokenVerifierOptions, type AuthConfig } from './auth-config';

const defaults: AuthConfig = { JWT_JWKS_COOLDOWN_MS: 30_000, JWT_CLOCK_SKEW_SEC: 0, JWT_ROLE_CLAIM: 'role', JWT_CACHE_ENTRIES: 10_000 };

function problemsOf(config: Partial<AuthConfig>): string[] {
  try {
    tokenVerifierOptions({ ...defaults, ...config }, true);
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.problems;
  }
}

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ecPem = ec.publicKey.export({ type: 'spki', format: 'pem' }) as string;

describe('auth: tokenVerifierOptions', () => {
  it('refuses to start with no key source at all, saying what to set', () => {
    expect(problemsOf({})).toEqual([expect.stringContaining('set JWT_SECRET, JWT_PUBLIC_KEYS or JWT_JWKS_URL')]);
  });

  it('takes several secrets, newest first', () => {
    const options = tokenVerifierOptions({ ...defaults, JWT_SECRET: 'new-secret-0123456789, old-secret-0123456789' }, true);
    expect(options.secrets).toEqual(['new-secret-0123456789', 'old-secret-0123456789']);
  });

  it('reads PEM keys, also with literal \\n escapes as in .env files', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const options = tokenVerifierOptions({ ...defaults, JWT_PUBLIC_KEYS: `${ecPem}${rsa.replace(/\n/g, '\\n')}` }, true);
    expect(options.publicKeys?.map((k) => k.asymmetricKeyType)).toEqual(['ec', 'rsa']);
  });

  it('lists every problem at once', () => {
    const privatePem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const problems = problemsOf({ JWT_SECRET: 'short', JWT_PUBLIC_KEYS: `${privatePem}-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----`, JWT_JWKS_URL: 'ftp://x' });
    expect(problems).toEqual([
      expect.stringMatching(/^JWT_SECRET: each secret needs at least 16/),
      expect.stringMatching(/^JWT_PUBLIC_KEYS: key 1 is a private key/),
      expect.stringMatching(/^JWT_PUBLIC_KEYS: key 2 is not a readable public key/),
      expect.stringMatching(/^JWT_JWKS_URL: not an http\(s\) URL/),
    ]);
  });

  it('refuses a PEM key given as an HMAC secret', () => {
    expect(problemsOf({ JWT_SECRET: ecPem.replace(/\n/g, '') })).toContainEqual(expect.stringContaining('public keys belong in JWT_PUBLIC_KEYS'));
  });

  it('takes a JWKS URL, issuers and audiences', () => {
    const options = tokenVerifierOptions({ ...defaults, JWT_JWKS_URL: 'https://tenant.auth0.com/.well-known/jwks.json', JWT_ISSUER: 'https://tenant.auth0.com/', JWT_AUDIENCE: 'a,b' }, false);
    expect(options.jwks).toBeDefined();
    expect(options.issuer).toEqual(['https://tenant.auth0.com/']);
    expect(options.audience).toEqual(['a', 'b']);
  });
});

describe('auth: apiKeyRingOf', () => {
  it('reads name:key pairs', () => {
    expect(apiKeyRingOf(`billing:${'k'.repeat(32)}, ops:${'o'.repeat(40)}`).size).toBe(2);
    expect(apiKeyRingOf(undefined).size).toBe(0);
  });

  it.each([['no name', 'k'.repeat(40)], ['a short key', 'billing:short'], ['a bad name', `bad name:${'k'.repeat(40)}`]])('refuses %s', (_name, value) => {
    expect(() => apiKeyRingOf(value)).toThrow(ConfigError);
  });
});
