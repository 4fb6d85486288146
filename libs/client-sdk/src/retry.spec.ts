import { ErrorCode, LivecastError } from '@livecast/contracts/client';
import { isTransient, withRetry } from './retry';

const unavailable = () => new LivecastError(ErrorCode.Unavailable, 'down');

describe('client-sdk: withRetry', () => {
  it('retries transient failures with doubling delays, then succeeds', async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async (n) => {
        calls++;
        if (n < 3) throw unavailable();
        return 'ok';
      },
      { tries: 3, delayMs: 100 },
      async (ms) => void delays.push(ms),
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(delays[0]).toBeGreaterThanOrEqual(100);
    expect(delays[0]).toBeLessThanOrEqual(150);
    expect(delays[1]).toBeGreaterThanOrEqual(200);
    expect(delays[1]).toBeLessThanOrEqual(300);
  });

  it('caps each delay at maxDelayMs', async () => {
    const delays: number[] = [];
    await withRetry(
      async (n) => {
        if (n < 6) throw unavailable();
        return 'ok';
      },
      { tries: 6, delayMs: 100, maxDelayMs: 500 },
      async (ms) => void delays.push(ms),
    );
    expect(delays).toHaveLength(5);
    expect(delays.slice(3)).toEqual([500, 500]);
  });

  it('throws the last error when tries are used up', async () => {
    const attempt = jest.fn(async () => {
      throw unavailable();
    });
    await expect(withRetry(attempt, { tries: 3, delayMs: 0 }, async () => undefined)).rejects.toMatchObject({ code: ErrorCode.Unavailable });
    expect(attempt).toHaveBeenCalledTimes(3);
  });

  it('does not retry other failures', async () => {
    const attempt = jest.fn(async () => {
      throw new LivecastError(ErrorCode.RateLimited, 'slow down');
    });
    await expect(withRetry(attempt, { tries: 3, delayMs: 0 })).rejects.toMatchObject({ code: ErrorCode.RateLimited });
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it.each<[string, unknown, boolean]>([
    ['UNAVAILABLE', unavailable(), true],
    ['UNAVAILABLE, outcome unknown', new LivecastError(ErrorCode.Unavailable, 'u', undefined, { outcome: 'unknown', retryable: true }), true],
    ['UNAVAILABLE, not stored', new LivecastError(ErrorCode.Unavailable, 'u', undefined, { outcome: 'not_stored', retryable: true }), true],
    ['UNAVAILABLE the server says not to retry', new LivecastError(ErrorCode.Unavailable, 'u', undefined, { retryable: false }), false],
    ['another code', new LivecastError(ErrorCode.Muted, 'm'), false],
    ['a plain error', new Error('x'), false],
  ])('isTransient: %s', (_name, err, expected) => {
    expect(isTransient(err)).toBe(expected);
  });
});
