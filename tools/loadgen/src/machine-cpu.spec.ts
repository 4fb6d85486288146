import { machineReport, parseProcStat } from './machine-cpu';

describe('machine cpu', () => {
  it('parseProcStat: busy excludes idle and iowait', () => {
    const text = 'cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 1 2 3 4 5\n';
    expect(parseProcStat(text)).toEqual({ busy: 150, total: 1000 });
    expect(parseProcStat('nothing')).toBeUndefined();
  });

  it('machineReport: busy percent of the interval, null without readings', () => {
    expect(machineReport({ busy: 100, total: 1000 }, { busy: 600, total: 2000 }).busyPercent).toBe(50);
    expect(machineReport(undefined, { busy: 1, total: 2 }).busyPercent).toBeNull();
  });
});
