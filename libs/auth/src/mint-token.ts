import type { Role } from '@livecast/contracts';
import jwt from 'jsonwebtoken';

/** Mints an HS256 token; for the dev CLI and tests, never for production issuance. */
export function mintToken(secret: string, claims: { sub: string; name?: string; role: Role }, ttlSec = 3600): string {
  return jwt.sign({ name: claims.name ?? claims.sub, role: claims.role }, secret, { algorithm: 'HS256', subject: claims.sub, expiresIn: ttlSec });
}

/** The secret new tokens are signed with: the first of a comma-separated `JWT_SECRET` list. */
export function signingSecretOf(jwtSecretList: string): string {
  return jwtSecretList.split(',')[0].trim();
}
