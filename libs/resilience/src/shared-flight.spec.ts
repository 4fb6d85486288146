import { SharedFlight } from './shared-flight';

describe('resilience: SharedFlight', () => {
  it('shares a run among callers of the same key while it is in flight, then forgets it', async () => {
    const flight = new SharedFlight<number>();
    let starts = 0;
    const start = () => new Promise<number>((resolve) => setTimeout(() => resolve(++starts), 1));
    const [a, b] = await Promise.all([flight.run('r1:5', start), flight.run('r1:5', start)]);
    expect([a, b, starts]).toEqual([1, 1, 1]);
    expect(flight.size).toBe(0);
    expect(await flight.run('r1:5', start)).toBe(2);
  });

  it('runs different keys apart, and forgets a key whose run failed', async () => {
    const flight = new SharedFlight<string>();
    const failed = flight.run('a', () => Promise.reject(new Error('down')));
    const other = flight.run('b', () => Promise.resolve('b'));
    await expect(failed).rejects.toThrow('down');
    expect(await other).toBe('b');
    expect(await flight.run('a', () => Promise.resolve('again'))).toBe('again');
  });
});
