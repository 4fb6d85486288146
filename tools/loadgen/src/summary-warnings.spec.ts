import { warningsFor, type WarningInput } from './summary-warnings';

const calm: WarningInput = {
  scenario: 'flood',
  rate: 100,
  prioritySharePct: 10,
  machineBusyPercent: 50,
  loopDelayP99Ms: 10,
  issued: 1000,
  missed: 0,
  failedConnections: 0,
  errorCount: 0,
  metricsOk: [true, true],
};

describe('warningsFor', () => {
  it('warnings: none for a calm run at the priority budget', () => {
    expect(warningsFor(calm)).toEqual([]);
  });

  it('warnings: saturation, lag, misses, failures and priority over budget', () => {
    const warnings = warningsFor({ ...calm, rate: 1000, machineBusyPercent: 97, loopDelayP99Ms: 80, missed: 50, failedConnections: 2, errorCount: 3, metricsOk: [true, false] });
    expect(warnings).toHaveLength(7);
    expect(warnings.join('\n')).toMatch(/97% busy[\s\S]*p99 80 ms[\s\S]*50 operations[\s\S]*2 connection[\s\S]*3 error[\s\S]*scrape failed[\s\S]*by design/);
  });
});
