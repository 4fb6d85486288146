import { ErrorCode } from '@livecast/contracts';
import { rateLimitedAck, rateLimitedError } from './rate-limited-error';

describe('limits: rateLimitedError', () => {
  it.each([
    [1500, 'sender', 'You are sending too fast; try again in 2 seconds.'],
    [1000, 'sender', 'You are sending too fast; try again in 1 second.'],
    [1, 'sender', 'You are sending too fast; try again in 1 second.'],
    [0, 'sender', 'You are sending too fast; try again in 1 second.'],
    [5, 'room', 'This room is too busy right now; try again in 1 second.'],
  ] as const)('%d ms for the %s', (retryAfterMs, subject, message) => {
    const err = rateLimitedError(retryAfterMs, subject);
    expect(err.toWire()).toEqual({ code: ErrorCode.RateLimited, message });
  });
});

describe('limits: rateLimitedAck', () => {
  it('is the ack errorAck(rateLimitedError(...)) would build', () => {
    for (const ms of [0, 1, 999, 1000, 1500, 61_000]) {
      expect(rateLimitedAck(ms)).toEqual({ ok: false, error: rateLimitedError(ms).toWire() });
    }
  });

  it('is one shared object per wait in seconds, so a refusal allocates nothing', () => {
    expect(rateLimitedAck(10)).toBe(rateLimitedAck(900));
    expect(rateLimitedAck(10)).not.toBe(rateLimitedAck(1500));
    expect(Object.isFrozen(rateLimitedAck(10).error)).toBe(true);
  });

  it('builds a fresh ack beyond an hour', () => {
    expect(rateLimitedAck(7_200_000)).toEqual({ ok: false, error: { code: ErrorCode.RateLimited, message: 'You are sending too fast; try again in 7200 seconds.' } });
  });
});
