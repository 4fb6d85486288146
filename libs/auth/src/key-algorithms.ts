import type { KeyObject } from 'node:crypto';

export const HMAC_ALGORITHMS: readonly string[] = ['HS256', 'HS384', 'HS512'];
export const ASYMMETRIC_ALGORITHMS: readonly string[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

const EC_ALGORITHM: Record<string, string> = { prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' };

/**
 * The JWS algorithms a key may verify. Tying each key to its own family is what refuses
 * algorithm confusion: an HS256 token is never checked against a public key's bytes, and
 * an RS256 token never against an HMAC secret. Empty for keys we do not support.
 */
export function algorithmsOf(key: KeyObject): readonly string[] {
  if (key.type === 'secret') return HMAC_ALGORITHMS;
  if (key.type !== 'public') return [];
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
    case 'rsa-pss':
      return ['PS256', 'PS384', 'PS512'];
    case 'ec': {
      const algorithm = EC_ALGORITHM[String(key.asymmetricKeyDetails?.namedCurve)];
      return algorithm === undefined ? [] : [algorithm];
    }
    case 'ed25519':
    case 'ed448':
      return ['EdDSA'];
    default:
      return [];
  }
}
