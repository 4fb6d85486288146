import { mintToken } from '@livecast/auth';
import { ErrorCode, LivecastError, createValidator, type Role } from '@livecast/contracts';
import { Type } from '@sinclair/typebox';

/** The user every demo host panel acts as: the dev stack opens `lobby` for it. */
export const DEMO_HOST_ID = 'demo-host';

const TokenRequestSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 40 }),
    role: Type.Optional(Type.Union([Type.Literal('viewer'), Type.Literal('host')])),
  },
  { additionalProperties: false },
);
const tokenRequest = createValidator(TokenRequestSchema);

/** What `POST /api/token` answers. */
export interface DevToken {
  token: string;
  userId: string;
  name: string;
  role: Role;
}

// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/** A user id from a display name: its letters and digits, and a random tail so two "alice" differ. */
function userIdFor(name: string, random: () => number): string {
  const slug = name.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 24).toLowerCase() || 'viewer';
  return `${slug}-${Math.floor(random() * 36 ** 4).toString(36).padStart(4, '0')}`;
}

/**
 * Hands out dev tokens: a viewer token for any name, or the demo host's token. Only the
 * dev stack's demo server does this; no service mints tokens.
 */
export class DevTokens {
  constructor(
    private readonly secret: string,
    private readonly ttlSec = 12 * 3600,
    private readonly random: () => number = Math.random,
  ) {}

  /** Validates a token request body and mints the token; throws INVALID for a bad name or role. */
  issue(body: unknown): DevToken {
    const request = tokenRequest.parse(body);
    const name = request.name.trim();
    if (name.length === 0 || CONTROL.test(name)) throw new LivecastError(ErrorCode.Invalid, 'name: 1-40 printable characters', 'name');
    const role: Role = request.role ?? 'viewer';
    const userId = role === 'host' ? DEMO_HOST_ID : userIdFor(name, this.random);
    return { token: mintToken(this.secret, { sub: userId, name, role }, this.ttlSec), userId, name, role };
  }
}
