import { RestartPolicy, type RestartDecision, type RestartPolicyOptions } from './restart-policy';

const OPTIONS: RestartPolicyOptions = { initialDelayMs: 500, maxDelayMs: 4000, maxRestarts: 4, windowMs: 60_000, resetAfterMs: 30_000 };

/** Runs a script of [ms the service runs before it exits] and returns each decision. */
function decisions(runs: number[], options = OPTIONS): RestartDecision[] {
  let now = 1_000_000;
  const policy = new RestartPolicy(options, () => now);
  return runs.map((ranMs) => {
    now += ranMs;
    const decision = policy.exited();
    if (decision.kind === 'restart') {
      now += decision.delayMs;
      policy.started();
    }
    return decision;
  });
}

describe('stack-runner: RestartPolicy', () => {
  it('backs off exponentially up to the maximum for a service that keeps crashing', () => {
    const delays = decisions([100, 100, 100, 100], { ...OPTIONS, maxRestarts: 10 }).map((d) => (d.kind === 'restart' ? d.delayMs : -1));
    expect(delays).toEqual([500, 1000, 2000, 4000]);
  });

  it('gives up after maxRestarts within the window', () => {
    expect(decisions([100, 100, 100, 100, 100])).toEqual([
      { kind: 'restart', delayMs: 500, attempt: 1 },
      { kind: 'restart', delayMs: 1000, attempt: 2 },
      { kind: 'restart', delayMs: 2000, attempt: 3 },
      { kind: 'restart', delayMs: 4000, attempt: 4 },
      { kind: 'give-up', restarts: 4, windowMs: 60_000 },
    ]);
  });

  it('restarts at the initial delay again after a healthy run', () => {
    const result = decisions([100, 100, 30_000, 100]);
    expect(result.map((d) => d.kind === 'restart' && d.delayMs)).toEqual([500, 1000, 500, 1000]);
  });

  it('forgets restarts older than the window: occasional crashes never exhaust the budget', () => {
    const result = decisions(Array.from({ length: 12 }, () => 61_000));
    expect(result.every((d) => d.kind === 'restart' && d.delayMs === 500 && d.attempt === 1)).toBe(true);
  });

  it('a crash right after the first start counts from the construction time', () => {
    let now = 0;
    const policy = new RestartPolicy(OPTIONS, () => now);
    now = 40_000;
    expect(policy.exited()).toEqual({ kind: 'restart', delayMs: 500, attempt: 1 });
  });
});
