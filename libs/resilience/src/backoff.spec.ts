import { backoffDelay } from './backoff';

describe('resilience: backoffDelay', () => {
  const policy = { initialMs: 100, maxMs: 1000, jitter: 0 };

  it.each([
    [0, 100],
    [1, 200],
    [3, 800],
    [4, 1000],
    [50, 1000],
  ])('attempt %i waits %i ms', (attempt, ms) => {
    expect(backoffDelay(policy, attempt)).toBe(ms);
  });

  it('takes at most the jitter share off, never adds to the cap', () => {
    expect(backoffDelay({ ...policy, jitter: 0.5 }, 10, () => 1)).toBe(500);
    expect(backoffDelay({ ...policy, jitter: 0.5 }, 10, () => 0)).toBe(1000);
  });
});
