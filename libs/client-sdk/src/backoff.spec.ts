import { backoffDelay, DEFAULT_BACKOFF } from './backoff';

describe('client-sdk: backoffDelay', () => {
  const policy = { delayMs: 500, maxDelayMs: 5000, jitter: 0.5 };

  it.each([
    [1, 0.5, 500],
    [2, 0.5, 1000],
    [3, 0.5, 2000],
    [4, 0.5, 4000],
    [5, 0.5, 5000],
    [60, 0.5, 5000],
    [1, 0, 250],
    [1, 0.999, 750],
    [4, 0.999, 5000],
  ])('attempt %p with random %p waits %p ms', (attempt, random, delay) => {
    expect(backoffDelay(attempt, policy, () => random)).toBe(delay);
  });

  it('stays within [base × (1 − jitter), cap] for any random value', () => {
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(1, DEFAULT_BACKOFF);
      expect(delay).toBeGreaterThanOrEqual(500);
      expect(delay).toBeLessThanOrEqual(1500);
    }
  });

  it('clamps a jitter outside [0, 1]', () => {
    expect(backoffDelay(1, { ...policy, jitter: 7 }, () => 0)).toBe(0);
    expect(backoffDelay(1, { ...policy, jitter: -1 }, () => 0.9)).toBe(500);
  });
});
