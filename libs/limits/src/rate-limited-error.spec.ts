import { ErrorCode } from '@livecast/contracts';
import { rateLimitedError } from './rate-limited-error';

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
