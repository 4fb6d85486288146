import { parsePidStat, parsePids } from './process-cpu';

describe('loadgen: process CPU from /proc', () => {
  it('reads utime + stime and rss, with a command name holding spaces and parentheses', () => {
    const stat = '4242 (nats server (x)) S 1 4242 4242 0 -1 4194560 1057 0 0 0 250 50 0 0 20 0 9 0 1234 123456789 3000 18446744073709551615';
    expect(parsePidStat(stat)).toEqual({ cpuSeconds: 3, rssBytes: 3000 * 4096 });
  });

  it('refuses what is not a stat line', () => {
    expect(parsePidStat('garbage')).toBeUndefined();
    expect(parsePidStat('1 (x) S')).toBeUndefined();
  });

  it('parses name=pid lists and names the bad entry', () => {
    expect(parsePids('nats=12, redis=34')).toEqual([
      { name: 'nats', pid: 12 },
      { name: 'redis', pid: 34 },
    ]);
    expect(parsePids('')).toEqual([]);
    expect(() => parsePids('nats=12,oops')).toThrow('"oops"');
  });
});
