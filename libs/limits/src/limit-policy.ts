import { ErrorCode, LivecastError, ROLES, type Role } from '@livecast/contracts';
import { assertRateLimit, type RateLimit } from './gcra';

/** What a limit applies to: a sender, by role, or a whole room. */
export type LimitScope = Role | 'room';

/** Config overrides: any scope, any field; the rest keeps its default. */
export type RateLimitOverrides = Partial<Record<LimitScope, Partial<RateLimit>>>;

const SCOPES: readonly LimitScope[] = [...ROLES, 'room'];

function frozen(rate: number, per: number, burst: number): RateLimit {
  return Object.freeze({ rate, per, burst });
}

const staff = frozen(100, 10_000, 50);

/** Default limits: viewers as on Twitch (20 per 30 s), staff looser, and a room-wide ceiling. */
export const DEFAULT_RATE_LIMITS: Readonly<Record<LimitScope, RateLimit>> = Object.freeze({
  viewer: frozen(20, 30_000, 20),
  host: staff,
  moderator: staff,
  admin: staff,
  room: frozen(200, 1_000, 400),
});

/** Maps a role (or `room`) to its rate limit: the defaults, overridden from config by a plain object. */
export class RateLimitPolicy {
  private readonly limits: Readonly<Record<LimitScope, RateLimit>>;

  /** Throws INVALID for an unknown scope or a limit that is not usable. */
  constructor(overrides: RateLimitOverrides = {}) {
    for (const scope of Object.keys(overrides)) {
      if (!(SCOPES as readonly string[]).includes(scope)) {
        throw new LivecastError(ErrorCode.Invalid, `unknown rate limit scope "${scope}"; expected one of ${SCOPES.join(', ')}`, scope);
      }
    }
    const limits = {} as Record<LimitScope, RateLimit>;
    for (const scope of SCOPES) {
      const override = overrides[scope];
      const limit = override === undefined ? DEFAULT_RATE_LIMITS[scope] : Object.freeze({ ...DEFAULT_RATE_LIMITS[scope], ...override });
      assertRateLimit(limit, scope);
      limits[scope] = limit;
    }
    this.limits = Object.freeze(limits);
  }

  /** The limit of `scope`; the same frozen object on every call, so hot paths allocate nothing. */
  limitFor(scope: LimitScope): RateLimit {
    return this.limits[scope];
  }
}
