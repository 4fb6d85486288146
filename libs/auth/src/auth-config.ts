import { ConfigError } from '@livecast/config';
import { Type, type Static, type TObject } from '@sinclair/typebox';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { ApiKeyRing, type ApiKey } from './api-keys';
import { JwksSource } from './jwks-source';
import { algorithmsOf } from './key-algorithms';
import { TokenVerifier, type TokenVerifierOptions } from './token-verifier';

/** Token verification settings of every service that verifies user tokens (gateway, membership). */
export const AuthConfigSchema = {
  JWT_SECRET: Type.Optional(Type.String({ description: 'HMAC secrets (HS256/384/512), comma-separated, newest first; each ≥ 16 chars' })),
  JWT_PUBLIC_KEYS: Type.Optional(Type.String({ description: 'PEM public keys or certificates (RS*, PS*, ES*, EdDSA); literal \\n allowed' })),
  JWT_JWKS_URL: Type.Optional(Type.String({ description: "an identity provider's JWKS URL" })),
  JWT_JWKS_COOLDOWN_MS: Type.Integer({ default: 30_000, minimum: 0, maximum: 3_600_000, description: 'an unknown kid refetches the JWKS at most this often' }),
  JWT_ISSUER: Type.Optional(Type.String({ description: 'accepted iss values, comma-separated' })),
  JWT_AUDIENCE: Type.Optional(Type.String({ description: 'accepted aud values, comma-separated' })),
  JWT_CLOCK_SKEW_SEC: Type.Integer({ default: 0, minimum: 0, maximum: 300, description: 'tolerated clock difference on exp and nbf' }),
  JWT_ROLE_CLAIM: Type.String({ default: 'role', minLength: 1, maxLength: 200, description: 'claim or dotted path holding the role (or an array of roles)' }),
  JWT_CACHE_ENTRIES: Type.Integer({ default: 10_000, minimum: 0, maximum: 1_000_000, description: 'verified tokens remembered until they expire' }),
};

/** The validated auth settings, as `loadConfig` returns them. */
export type AuthConfig = Static<TObject<typeof AuthConfigSchema>>;

/** A JWKS older than this is refreshed in the background. */
const JWKS_MAX_AGE_MS = 10 * 60_000;
const JWKS_TIMEOUT_MS = 5000;
const MIN_SECRET_LENGTH = 16;
const MIN_API_KEY_LENGTH = 32;
const PEM_BLOCK = /-----BEGIN ([A-Z ]+)-----[\s\S]+?-----END \1-----/g;

/**
 * Turns the auth environment into verifier options, or throws one ConfigError listing
 * every problem: a bad secret, PEM or URL, and a configuration with no key source at all
 * (which could verify nothing). `onJwksError` hears about failed JWKS fetches.
 */
export function tokenVerifierOptions(config: AuthConfig, allowGuests: boolean, onJwksError?: (err: unknown) => void): TokenVerifierOptions {
  const problems: string[] = [];
  const secrets = list(config.JWT_SECRET);
  if (secrets.some((s) => s.length < MIN_SECRET_LENGTH)) problems.push(`JWT_SECRET: each secret needs at least ${MIN_SECRET_LENGTH} characters`);
  if (secrets.some((s) => s.includes('-----BEGIN'))) problems.push('JWT_SECRET: holds a PEM key; public keys belong in JWT_PUBLIC_KEYS');
  const publicKeys = parsePublicKeys(config.JWT_PUBLIC_KEYS ?? '', problems);
  const jwksUrl = config.JWT_JWKS_URL?.trim();
  if (jwksUrl && !/^https?:\/\/[^\s]+$/.test(jwksUrl)) problems.push(`JWT_JWKS_URL: not an http(s) URL (got ${JSON.stringify(jwksUrl)})`);
  if (secrets.length === 0 && publicKeys.length === 0 && !jwksUrl) {
    problems.push('no token key source: set JWT_SECRET, JWT_PUBLIC_KEYS or JWT_JWKS_URL (see README, "Identity providers")');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const jwks = jwksUrl
    ? new JwksSource({ url: jwksUrl, cooldownMs: config.JWT_JWKS_COOLDOWN_MS, maxAgeMs: JWKS_MAX_AGE_MS, timeoutMs: JWKS_TIMEOUT_MS, onError: onJwksError })
    : undefined;
  return {
    secrets,
    publicKeys,
    jwks,
    issuer: list(config.JWT_ISSUER),
    audience: list(config.JWT_AUDIENCE),
    clockSkewSec: config.JWT_CLOCK_SKEW_SEC,
    roleClaim: config.JWT_ROLE_CLAIM,
    cacheEntries: config.JWT_CACHE_ENTRIES,
    allowGuests,
  };
}

/** The verifier of a service's auth environment, its JWKS (if any) already loading. */
export function tokenVerifierFromConfig(config: AuthConfig, allowGuests: boolean, onJwksError?: (err: unknown) => void): TokenVerifier {
  const options = tokenVerifierOptions(config, allowGuests, onJwksError);
  options.jwks?.prefetch();
  return new TokenVerifier(options);
}

/** `ADMIN_API_KEYS`: comma-separated `name:key` pairs; throws ConfigError on a malformed one. */
export function apiKeyRingOf(value: string | undefined): ApiKeyRing {
  const keys: ApiKey[] = [];
  const problems: string[] = [];
  for (const entry of list(value)) {
    const match = /^([A-Za-z0-9_-]{1,32}):(\S+)$/.exec(entry);
    if (!match) problems.push('ADMIN_API_KEYS: each entry is <name>:<key>, name of A-Z a-z 0-9 _ - (up to 32)');
    else if (match[2].length < MIN_API_KEY_LENGTH) problems.push(`ADMIN_API_KEYS: key "${match[1]}" needs at least ${MIN_API_KEY_LENGTH} characters`);
    else keys.push({ name: match[1], key: match[2] });
  }
  if (problems.length > 0) throw new ConfigError([...new Set(problems)]);
  return new ApiKeyRing(keys);
}

function parsePublicKeys(value: string, problems: string[]): KeyObject[] {
  const text = value.replace(/\\n/g, '\n').trim();
  if (text === '') return [];
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) problems.push('JWT_PUBLIC_KEYS: no PEM block (-----BEGIN PUBLIC KEY----- ...) found');
  const keys: KeyObject[] = [];
  blocks.forEach((pem, i) => {
    // createPublicKey would quietly derive the public half of a private key: refuse to hold one.
    if (pem.includes('PRIVATE KEY-----')) return problems.push(`JWT_PUBLIC_KEYS: key ${i + 1} is a private key; give the public key only`);
    try {
      const key = createPublicKey(pem);
      if (algorithmsOf(key).length === 0) problems.push(`JWT_PUBLIC_KEYS: key ${i + 1} is a ${key.asymmetricKeyType} key; supported are RSA, EC P-256/384/521 and Ed25519`);
      else keys.push(key);
    } catch {
      problems.push(`JWT_PUBLIC_KEYS: key ${i + 1} is not a readable public key or certificate`);
    }
  });
  return keys;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
