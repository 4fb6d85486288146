import { parsePidStat, readProcesses } from './process-reading';

describe('process CPU and RSS from /proc', () => {
  it('reads utime + stime and rss, with a command name holding spaces and parentheses', () => {
    const stat = '4242 (nats server (x)) S 1 4242 4242 0 -1 4194560 1057 0 0 0 250 50 0 0 20 0 9 0 1234 123456789 3000 18446744073709551615';
    expect(parsePidStat(stat)).toEqual({ cpuSeconds: 3, rssBytes: 3000 * 4096 });
  });

  it('refuses what is not a stat line', () => {
    expect(parsePidStat('garbage')).toBeUndefined();
    expect(parsePidStat('1 (x) S')).toBeUndefined();
  });

  it('reads this very process on Linux, and nothing for a pid that cannot exist', () => {
    const [own, gone] = readProcesses([
      { name: 'self', pid: process.pid },
      { name: 'gone', pid: 2 ** 22 + 1 },
    ]);
    if (process.platform === 'linux') expect(own?.rssBytes).toBeGreaterThan(1024 * 1024);
    expect(gone).toBeUndefined();
  });
});
