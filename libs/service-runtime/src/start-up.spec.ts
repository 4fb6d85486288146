import { NatsError } from 'nats';
import type { Clock } from '@livecast/resilience';
import { START_UP_PATIENCE_MS, whenClusterServes } from './start-up';

/** Time that moves only by the waits it is asked for. */
class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  time = 0;
  now(): number {
    return this.time;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
  }
}

describe('service-runtime: whenClusterServes', () => {
  it('asks again while the cluster times out, and says so', async () => {
    const clock = new FakeClock();
    const warnings: string[] = [];
    let calls = 0;
    const bucket = await whenClusterServes(
      'bucket leases',
      async () => {
        if (++calls < 3) throw new NatsError('TIMEOUT', 'TIMEOUT');
        return 'bound';
      },
      { warn: (line: string) => void warnings.push(line) },
      clock,
    );
    expect(bucket).toBe('bound');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^bucket leases: the cluster did not answer \(timeout, attempt 1\); trying again in \d+ ms$/);
  });

  it('throws a permanent failure at once, and a transient one after START_UP_PATIENCE_MS', async () => {
    const clock = new FakeClock();
    const quiet = { warn: () => undefined };
    await expect(whenClusterServes('x', () => Promise.reject(new Error('permissions violation')), quiet, clock)).rejects.toThrow('permissions violation');
    expect(clock.sleeps).toEqual([]);
    await expect(whenClusterServes('x', () => Promise.reject(new NatsError('503', '503')), quiet, clock)).rejects.toMatchObject({ code: '503' });
    expect(clock.time).toBeLessThanOrEqual(START_UP_PATIENCE_MS);
    expect(clock.time).toBeGreaterThan(START_UP_PATIENCE_MS - 2500);
  });
});
