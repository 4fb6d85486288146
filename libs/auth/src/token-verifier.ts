import { ErrorCode, LivecastError, MAX_TOKEN_CHARS } from '@livecast/contracts';
import { decodeProtectedHeader, errors, jwtVerify, type JWTVerifyOptions, type KeyLike, type ProtectedHeaderParameters } from 'jose';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { principalFromClaims } from './claims';
import type { JwksSource } from './jwks-source';
import { ASYMMETRIC_ALGORITHMS, HMAC_ALGORITHMS, algorithmsOf } from './key-algorithms';
import { VerifiedCache, type VerifiedToken } from './verified-cache';

/** Where keys come from and what a token must say; see `tokenVerifierOptions` for the env form. */
export interface TokenVerifierOptions {
  /** HMAC secrets, newest first: during a rotation both the new and the old one verify. */
  secrets?: readonly string[];
  /** Public keys (RSA, EC, Ed25519) for tokens signed without a JWKS. */
  publicKeys?: readonly KeyObject[];
  /** An identity provider's key set. */
  jwks?: JwksSource;
  /** Accepted `iss` values; any when absent. */
  issuer?: readonly string[];
  /** Accepted `aud` values (one must be present); any when absent. */
  audience?: readonly string[];
  /** Clock difference tolerated on `exp` and `nbf`, in seconds. Default 0. */
  clockSkewSec?: number;
  /** Claim (or dotted path) the role is read from. Default `role`. */
  roleClaim?: string;
  /** Verified tokens remembered until they expire. Default 10 000. */
  cacheEntries?: number;
  /** When false, a missing token is refused instead of becoming a guest. */
  allowGuests: boolean;
}

interface PublicKeyEntry {
  key: KeyObject;
  algorithms: readonly string[];
}

let guestCounter = 0;

/**
 * Verifies JWTs from HMAC secrets, PEM public keys and a JWKS, by the token's algorithm
 * and `kid`, and turns them into the principal a service acts for. `alg: none` and any
 * algorithm no configured key belongs to are refused. Results are cached per token string
 * until the token expires, so a reconnect costs no signature check.
 */
export class TokenVerifier {
  private readonly secrets: KeyObject[];
  private readonly publicKeys: PublicKeyEntry[];
  private readonly accepted: ReadonlySet<string>;
  private readonly cache: VerifiedCache;
  private readonly checks: Pick<JWTVerifyOptions, 'issuer' | 'audience' | 'clockTolerance' | 'requiredClaims'>;
  private readonly skewMs: number;
  private readonly roleClaim: string;

  constructor(private readonly options: TokenVerifierOptions) {
    this.secrets = (options.secrets ?? []).map((secret) => createSecretKey(Buffer.from(secret, 'utf8')));
    this.publicKeys = (options.publicKeys ?? []).map((key) => ({ key, algorithms: algorithmsOf(key) }));
    this.accepted = new Set([
      ...(this.secrets.length > 0 ? HMAC_ALGORITHMS : []),
      ...this.publicKeys.flatMap((entry) => entry.algorithms),
      ...(options.jwks ? ASYMMETRIC_ALGORITHMS : []),
    ]);
    const clockSkewSec = options.clockSkewSec ?? 0;
    this.skewMs = clockSkewSec * 1000;
    this.roleClaim = options.roleClaim ?? 'role';
    this.cache = new VerifiedCache(options.cacheEntries ?? 10_000);
    this.checks = {
      issuer: options.issuer && options.issuer.length > 0 ? [...options.issuer] : undefined,
      audience: options.audience && options.audience.length > 0 ? [...options.audience] : undefined,
      clockTolerance: clockSkewSec,
      requiredClaims: ['sub', 'exp'],
    };
  }

  /** The principal of a present token, a guest for an absent one; throws UNAUTHENTICATED (or UNAVAILABLE) otherwise. */
  async verify(token: unknown, now = Date.now()): Promise<VerifiedToken> {
    if (token === undefined || token === null || token === '') return this.guest();
    if (typeof token !== 'string') throw unauthenticated('token must be a string');
    if (token.length > MAX_TOKEN_CHARS) throw unauthenticated(`token longer than ${MAX_TOKEN_CHARS} characters`);
    const cached = this.cache.get(token, now);
    if (cached) return cached;
    const claims = await this.verifySignatureAndClaims(token, now);
    const verified: VerifiedToken = { principal: principalFromClaims(claims, this.roleClaim), expiresAt: (claims.exp as number) * 1000 + this.skewMs };
    this.cache.set(token, verified);
    return verified;
  }

  /** Verifies a `Bearer <jwt>` header value; guests are never accepted here. */
  verifyBearer(header: string | undefined, now = Date.now()): Promise<VerifiedToken> {
    const match = /^Bearer (.+)$/.exec(header ?? '');
    if (!match) return Promise.reject(unauthenticated('missing bearer token'));
    return this.verify(match[1], now);
  }

  private async verifySignatureAndClaims(token: string, now: number): Promise<Record<string, unknown>> {
    const header = protectedHeaderOf(token);
    const algorithm = header.alg;
    if (typeof algorithm !== 'string' || !this.accepted.has(algorithm)) {
      throw unauthenticated(`token invalid: algorithm ${String(algorithm).slice(0, 16)} is not accepted`);
    }
    const options: JWTVerifyOptions = { ...this.checks, algorithms: [algorithm], currentDate: new Date(now) };
    const local = HMAC_ALGORITHMS.includes(algorithm) ? this.secrets : this.publicKeys.filter((e) => e.algorithms.includes(algorithm)).map((e) => e.key);
    const claims = await firstVerified(token, local, options);
    if (claims) return claims;
    if (this.options.jwks && ASYMMETRIC_ALGORITHMS.includes(algorithm)) {
      const fromSet = await firstVerified(token, await this.jwksKeys(header), options);
      if (fromSet) return fromSet;
    }
    throw unauthenticated('token invalid');
  }

  private async jwksKeys(header: ProtectedHeaderParameters): Promise<KeyLike[]> {
    try {
      return await (this.options.jwks as JwksSource).keysFor(header);
    } catch (err) {
      if (err instanceof LivecastError) throw err;
      const reason = err instanceof errors.JWKSNoMatchingKey ? 'token invalid: signed by an unknown key' : 'token invalid';
      throw unauthenticated(reason, err);
    }
  }

  private guest(): VerifiedToken {
    if (!this.options.allowGuests) throw unauthenticated('token required: guests are not allowed');
    guestCounter = (guestCounter + 1) % Number.MAX_SAFE_INTEGER;
    return { principal: { id: `guest-${process.pid}-${guestCounter}`, name: 'guest', role: 'viewer', guest: true }, expiresAt: Number.POSITIVE_INFINITY };
  }
}

/** The claims of the first key whose signature holds; undefined when none does. Claim failures throw at once. */
async function firstVerified(token: string, keys: readonly KeyLike[], options: JWTVerifyOptions): Promise<Record<string, unknown> | undefined> {
  for (const key of keys) {
    try {
      return (await jwtVerify(token, key, options)).payload;
    } catch (err) {
      if (err instanceof errors.JWSSignatureVerificationFailed) continue;
      throw claimsError(err);
    }
  }
  return undefined;
}

function protectedHeaderOf(token: string): ProtectedHeaderParameters {
  try {
    return decodeProtectedHeader(token);
  } catch (err) {
    throw unauthenticated('token invalid', err);
  }
}

function claimsError(err: unknown): LivecastError {
  if (err instanceof errors.JWTExpired) return unauthenticated('token expired', err);
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'iss') return unauthenticated('token invalid: issuer not accepted', err);
    if (err.claim === 'aud') return unauthenticated('token invalid: audience not accepted', err);
    if (err.claim === 'nbf') return unauthenticated('token not valid yet', err);
    return unauthenticated(`token claims invalid: ${err.message}`, err);
  }
  return unauthenticated('token invalid', err);
}

function unauthenticated(message: string, cause?: unknown): LivecastError {
  return new LivecastError(ErrorCode.Unauthenticated, message, undefined, cause === undefined ? undefined : { cause });
}
