import { ErrorCode } from '@livecast/contracts';
import { DEFAULT_RATE_LIMITS, RateLimitPolicy, type RateLimitOverrides } from './limit-policy';

describe('limits: RateLimitPolicy', () => {
  it.each([
    ['viewer', { rate: 20, per: 30_000, burst: 20 }],
    ['host', { rate: 100, per: 10_000, burst: 50 }],
    ['moderator', { rate: 100, per: 10_000, burst: 50 }],
    ['admin', { rate: 100, per: 10_000, burst: 50 }],
    ['room', { rate: 200, per: 1_000, burst: 400 }],
  ] as const)('defaults %s', (scope, expected) => {
    expect(new RateLimitPolicy().limitFor(scope)).toEqual(expected);
    expect(DEFAULT_RATE_LIMITS[scope]).toEqual(expected);
  });

  it('overrides only the fields given', () => {
    const policy = new RateLimitPolicy({ viewer: { burst: 5 }, room: { rate: 50, per: 500 } });
    expect(policy.limitFor('viewer')).toEqual({ rate: 20, per: 30_000, burst: 5 });
    expect(policy.limitFor('room')).toEqual({ rate: 50, per: 500, burst: 400 });
    expect(policy.limitFor('host')).toBe(DEFAULT_RATE_LIMITS.host);
  });

  it('returns the same frozen limit on every call', () => {
    const policy = new RateLimitPolicy({ viewer: { burst: 5 } });
    expect(policy.limitFor('viewer')).toBe(policy.limitFor('viewer'));
    expect(Object.isFrozen(policy.limitFor('viewer'))).toBe(true);
  });

  it.each([
    ['an unknown scope', { guest: { rate: 1 } }, 'guest'],
    ['a zero rate', { viewer: { rate: 0 } }, 'viewer'],
    ['a burst below one', { room: { burst: 0 } }, 'room'],
  ])('refuses %s, naming it', (_name, overrides, field) => {
    expect(() => new RateLimitPolicy(overrides as RateLimitOverrides)).toThrow(
      expect.objectContaining({ code: ErrorCode.Invalid, field }),
    );
  });
});
