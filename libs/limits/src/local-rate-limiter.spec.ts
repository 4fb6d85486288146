import { ErrorCode } from '@livecast/contracts';
import { LocalRateLimiter } from './local-rate-limiter';

const perConnection = { rate: 20, per: 1000, burst: 40 };
const T0 = 1_700_000_000_000;

function takeMany(limiter: LocalRateLimiter, key: string, now: number, times: number): number {
  let allowed = 0;
  for (let i = 0; i < times; i++) if (limiter.take(key, now).allowed) allowed++;
  return allowed;
}

describe('limits: LocalRateLimiter', () => {
  it('limits each key on its own', () => {
    const limiter = new LocalRateLimiter(perConnection);
    expect(takeMany(limiter, 'a', T0, 50)).toBe(40);
    expect(takeMany(limiter, 'b', T0, 50)).toBe(40);
    expect(limiter.take('a', T0 + 50)).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.size).toBe(2);
  });

  it('takes a per-call limit over the default', () => {
    const limiter = new LocalRateLimiter(perConnection);
    expect(takeMany(limiter, 'a', T0, 10)).toBe(10);
    expect(limiter.take('b', T0, { rate: 1, per: 1000, burst: 1 })).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.take('b', T0, { rate: 1, per: 1000, burst: 1 })).toMatchObject({ allowed: false, retryAfterMs: 1000 });
  });

  it.each([
    // [events taken at T0, sweep at, keys left]
    ['busy key, swept at once', 40, T0, 1],
    ['busy key, swept before it drains', 40, T0 + 1999, 1],
    ['busy key, swept when drained', 40, T0 + 2000, 0],
    ['one event, swept after one interval', 1, T0 + 50, 0],
  ])('sweep drops only idle keys: %s', (_name, events, sweepAt, left) => {
    const limiter = new LocalRateLimiter(perConnection);
    takeMany(limiter, 'a', T0, events);
    expect(limiter.sweep(sweepAt)).toBe(1 - left);
    expect(limiter.size).toBe(left);
  });

  it('a swept key behaves exactly like one never seen', () => {
    const limiter = new LocalRateLimiter(perConnection);
    takeMany(limiter, 'a', T0, 40);
    limiter.sweep(T0 + 2000);
    expect(limiter.take('a', T0 + 2000)).toEqual(new LocalRateLimiter(perConnection).take('a', T0 + 2000));
  });

  it('forgets a key on request', () => {
    const limiter = new LocalRateLimiter(perConnection);
    takeMany(limiter, 'a', T0, 40);
    limiter.forget('a');
    expect(limiter.size).toBe(0);
    expect(limiter.take('a', T0).allowed).toBe(true);
  });

  it('past maxKeys forgets the least recently used key', () => {
    const limiter = new LocalRateLimiter(perConnection, { maxKeys: 2 });
    limiter.take('a', T0);
    limiter.take('b', T0);
    limiter.take('a', T0 + 1);
    limiter.take('c', T0 + 2);
    expect(limiter.size).toBe(2);
    expect(limiter.take('a', T0 + 3).remaining).toBe(37);
    expect(limiter.take('b', T0 + 3).remaining).toBe(39);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses maxKeys %p', (maxKeys) => {
    expect(() => new LocalRateLimiter(perConnection, { maxKeys })).toThrow(expect.objectContaining({ code: ErrorCode.Invalid }));
  });

  it('refuses an unusable default limit', () => {
    expect(() => new LocalRateLimiter({ rate: 0, per: 1000, burst: 1 })).toThrow(expect.objectContaining({ code: ErrorCode.Invalid }));
  });
});
