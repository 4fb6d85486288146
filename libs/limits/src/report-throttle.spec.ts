import { ReportThrottle } from './report-throttle';

describe('limits: ReportThrottle', () => {
  it('reports a key once per period and says how many it held back', () => {
    const throttle = new ReportThrottle({ periodMs: 1000, maxKeys: 10 });
    const seen = [0, 1, 2, 999, 1000, 1001, 2500].map((t) => throttle.take('gw-x', t));
    expect(seen).toEqual([0, null, null, null, 3, null, 1]);
  });

  it('keeps keys apart', () => {
    const throttle = new ReportThrottle({ periodMs: 1000, maxKeys: 10 });
    expect([throttle.take('a', 0), throttle.take('b', 0), throttle.take('a', 1), throttle.take('b', 1)]).toEqual([0, 0, null, null]);
  });

  it('remembers at most maxKeys keys, forgetting the least recently reported', () => {
    const throttle = new ReportThrottle({ periodMs: 1000, maxKeys: 2 });
    throttle.take('a', 0);
    throttle.take('b', 1);
    throttle.take('c', 2);
    expect(throttle.take('b', 3)).toBeNull();
    expect(throttle.take('a', 3)).toBe(0);
  });

  it.each([
    [{ periodMs: 0, maxKeys: 1 }],
    [{ periodMs: 1000, maxKeys: 0 }],
    [{ periodMs: Number.NaN, maxKeys: 1 }],
  ])('refuses %j', (options) => {
    expect(() => new ReportThrottle(options)).toThrow(RangeError);
  });
});
