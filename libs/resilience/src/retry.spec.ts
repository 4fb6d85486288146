import { retry } from './retry';
import { FakeClock } from './testing';

describe('resilience: retry', () => {
  const backoff = { initialMs: 10, maxMs: 40, jitter: 0 };
  const transient = (err: unknown) => (err as Error).message === 'timeout';

  function failing(times: number, message = 'timeout') {
    let calls = 0;
    const fn = async () => {
      calls++;
      if (calls <= times) throw new Error(message);
      return calls;
    };
    return { fn, calls: () => calls };
  }

  it('retries transient failures with growing delays until it succeeds', async () => {
    const clock = new FakeClock();
    const { fn } = failing(3);
    await expect(retry(fn, { backoff, maxAttempts: 5, isTransient: transient, clock })).resolves.toBe(4);
    expect(clock.sleeps).toEqual([10, 20, 40]);
  });

  it('throws the last failure once the attempts are spent', async () => {
    const clock = new FakeClock();
    const { fn, calls } = failing(10);
    await expect(retry(fn, { backoff, maxAttempts: 3, isTransient: transient, clock })).rejects.toThrow('timeout');
    expect(calls()).toBe(3);
  });

  it('throws a failure that is not transient at once', async () => {
    const clock = new FakeClock();
    const { fn, calls } = failing(1, 'permission denied');
    await expect(retry(fn, { backoff, maxAttempts: 3, isTransient: transient, clock })).rejects.toThrow('permission denied');
    expect(calls()).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('starts no retry past its deadline', async () => {
    const clock = new FakeClock();
    const { fn, calls } = failing(10);
    await expect(retry(fn, { backoff, maxAttempts: 10, giveUpAfterMs: 35, isTransient: transient, clock })).rejects.toThrow('timeout');
    expect(clock.sleeps).toEqual([10, 20]);
    expect(calls()).toBe(3);
  });
});
