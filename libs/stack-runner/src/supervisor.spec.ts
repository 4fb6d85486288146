import { fakeLauncher, isAlive, type FakeBehaviour } from './fixtures/fake-service';
import type { RestartPolicyOptions } from './restart-policy';
import { describeSupervisionEvent, SupervisedService, type SupervisionEvent } from './supervisor';

const FAST: RestartPolicyOptions = { initialDelayMs: 20, maxDelayMs: 100, maxRestarts: 3, windowMs: 60_000, resetAfterMs: 60_000 };

async function supervised(name: string, behaviour: FakeBehaviour = {}, policy = FAST) {
  const launch = await fakeLauncher(name, behaviour);
  const events: SupervisionEvent[] = [];
  const waiters: (() => void)[] = [];
  const service = new SupervisedService(await launch(), launch, {
    policy,
    onEvent: (event) => {
      events.push(event);
      waiters.splice(0).forEach((wake) => wake());
    },
  });
  /** Resolves once `count` events have arrived (bounded: fails the test after 10 s). */
  const eventsReached = async (count: number) => {
    const deadline = Date.now() + 10_000;
    while (events.length < count && Date.now() < deadline) await new Promise<void>((wake) => (waiters.push(wake), setTimeout(wake, 200)));
    expect(events.length).toBeGreaterThanOrEqual(count);
  };
  return { service, events, eventsReached };
}

describe('stack-runner: SupervisedService', () => {
  it('restarts a killed service on the same port and says so', async () => {
    const { service, events, eventsReached } = await supervised('fanout-1');
    const firstPid = service.child.pid;
    service.kill();
    await eventsReached(2);
    expect(events[0]).toMatchObject({ kind: 'exited', service: 'fanout-1', reason: 'was killed by SIGKILL', decision: { kind: 'restart', delayMs: 20, attempt: 1 } });
    expect(events[1]).toEqual({ kind: 'restarted', service: 'fanout-1', pid: service.child.pid });
    expect(service.child.pid).not.toBe(firstPid);
    expect(isAlive(firstPid)).toBe(false);
    expect((await fetch(`${service.httpUrl}/health/ready`)).status).toBe(200);
    expect(events.map(describeSupervisionEvent)).toEqual([
      'fanout-1 was killed by SIGKILL; restarting in 20 ms (restart 1 of at most 3)',
      `fanout-1 restarted (pid ${service.child.pid})`,
    ]);
    await service.stop();
    expect(isAlive(service.child.pid)).toBe(false);
  });

  it('gives up on a crash loop after the bound, leaving no process', async () => {
    const { service, events, eventsReached } = await supervised('ingest-1', { FAKE_EXIT_AFTER_MS: '100' });
    await eventsReached(7);
    expect(events.map((e) => (e.kind === 'exited' ? `exited:${e.decision.kind}` : e.kind))).toEqual([
      'exited:restart',
      'restarted',
      'exited:restart',
      'restarted',
      'exited:restart',
      'restarted',
      'exited:give-up',
    ]);
    expect(events[0]).toMatchObject({ reason: 'exited with code 3' });
    expect(describeSupervisionEvent(events[6])).toBe('ingest-1 exited with code 3; 3 restarts within 60 s already: giving up');
    expect(isAlive(service.child.pid)).toBe(false);
    await service.stop();
  });

  it('a service stopped during the backoff is not restarted', async () => {
    const { service, events, eventsReached } = await supervised('gateway-1', {}, { ...FAST, initialDelayMs: 60_000 });
    service.kill();
    await eventsReached(1);
    const started = Date.now();
    await service.stop();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(events).toHaveLength(1);
    expect(isAlive(service.child.pid)).toBe(false);
  });

  it('an exit after endSupervision is final', async () => {
    const { service, events } = await supervised('membership-1');
    service.endSupervision();
    const exited = new Promise((resolve) => service.child.once('exit', resolve));
    service.kill();
    await exited;
    await new Promise((r) => setTimeout(r, 100));
    expect(events).toEqual([]);
  });
});
