import { fakeLauncher, isAlive } from './fixtures/fake-service';
import type { ServiceProcess } from './service-process';
import { ServiceStartError } from './service-start-error';
import { StartupGroup } from './startup-group';

describe('stack-runner: StartupGroup', () => {
  it('starts a stage concurrently and stops everything on request', async () => {
    const group = new StartupGroup();
    const [a] = await group.start([await fakeLauncher('ingest-1')]);
    const [b, c] = await group.start([await fakeLauncher('membership-1'), await fakeLauncher('gateway-1')]);
    await group.stopAll();
    expect([a, b, c].map((s) => isAlive(s.child.pid))).toEqual([false, false, false]);
  });

  it('one service failing abandons its siblings still starting and reports the failure, not theirs', async () => {
    const group = new StartupGroup();
    const [ingest] = await group.start([await fakeLauncher('ingest-1')]);
    const spawned: number[] = [];
    const slowLaunch = await fakeLauncher('fanout-1', { FAKE_NEVER_READY: '1' });
    const failingLaunch = await fakeLauncher('membership-1', { FAKE_FAIL_AT_START: 'JWT_SECRET too short' });
    const error = await group
      .start([
        (signal) => failingLaunch(signal),
        (signal) =>
          slowLaunch(signal).catch((err: unknown) => {
            if (err instanceof ServiceStartError && err.pid) spawned.push(err.pid);
            throw err;
          }),
      ])
      .catch((err: unknown) => err);
    expect(error).toMatchObject({ service: 'membership-1', reason: 'exited with code 1 during start-up' });
    expect(spawned).toHaveLength(1);
    expect(isAlive(spawned[0])).toBe(false);
    expect(isAlive(ingest.child.pid)).toBe(true);
    await group.stopAll();
    expect(isAlive(ingest.child.pid)).toBe(false);
  });

  it('an outer abort abandons the start-up', async () => {
    const outer = new AbortController();
    const group = new StartupGroup(outer.signal);
    const pending = group.start([await fakeLauncher('ingest-1', { FAKE_NEVER_READY: '1' })]).catch((err: unknown) => err);
    setTimeout(() => outer.abort(), 300);
    const error = (await pending) as ServiceStartError;
    expect(error.reason).toContain('abandoned');
    expect(isAlive(error.pid)).toBe(false);
  });

  it('stops gateways before the services behind them', async () => {
    const group = new StartupGroup();
    const services = await group.start([await fakeLauncher('ingest-1'), await fakeLauncher('gateway-1')]);
    const exits: string[] = [];
    services.forEach((s: ServiceProcess) => s.child.once('exit', () => exits.push(s.name)));
    await group.stopAll();
    expect(exits).toEqual(['gateway-1', 'ingest-1']);
  });
});
