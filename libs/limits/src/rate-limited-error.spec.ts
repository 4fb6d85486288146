import { ErrorCode, LivecastError, MAX_RETRY_AFTER_MS } from '@livecast/contracts';
import { rateLimitedAck, rateLimitedError } from './rate-limited-error';

describe('limits: rateLimitedError', () => {
  it.each([
    [1500, 'sender', 'You are sending too fast; try again in 2 seconds.'],
    [1000, 'sender', 'You are sending too fast; try again in 1 second.'],
    [1, 'sender', 'You are sending too fast; try again in 1 second.'],
    [0, 'sender', 'You are sending too fast; try again in 1 second.'],
    [5, 'room', 'This room is too busy right now; try again in 1 second.'],
    [250, 'priority', 'This room already gets all the highlighted messages its screens can show; try again in 1 second.'],
  ] as const)('%d ms for the %s', (retryAfterMs, subject, message) => {
    const err = rateLimitedError(retryAfterMs, subject);
    expect(err.toWire()).toEqual({ code: ErrorCode.RateLimited, message, retryAfterMs: Math.max(1, Math.ceil(retryAfterMs / 1000)) * 1000 });
  });

  it('carries the wait across the bus, bounded', () => {
    expect(LivecastError.fromWire(rateLimitedError(1234.2).toWire()).retryAfterMs).toBe(2000);
    expect(rateLimitedError(1e15).retryAfterMs).toBe(MAX_RETRY_AFTER_MS);
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
    expect(rateLimitedAck(7_200_000)).toEqual({ ok: false, error: { code: ErrorCode.RateLimited, message: 'You are sending too fast; try again in 7200 seconds.', retryAfterMs: 7_200_000 } });
  });
});
