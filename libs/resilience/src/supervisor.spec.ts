import { Supervisor, type Run } from './supervisor';
import { FakeClock } from './testing';

/** A run the spec ends by hand. */
function controllableRun() {
  let end!: (reason: unknown) => void;
  const run: Run & { end(reason: unknown): void; stopped: boolean } = {
    ended: new Promise((resolve) => (end = resolve)),
    stopped: false,
    end: (reason) => end(reason),
    stop: async () => {
      run.stopped = true;
    },
  };
  return run;
}

const flush = () => new Promise((r) => setImmediate(r));

describe('resilience: Supervisor', () => {
  const backoff = { initialMs: 100, maxMs: 400, jitter: 0 };

  it('starts a new run when the current one ends, with growing delays while it keeps failing', async () => {
    const clock = new FakeClock();
    const runs = [controllableRun(), controllableRun(), controllableRun()];
    let started = 0;
    let failures = 2;
    const ended: unknown[] = [];
    const supervisor = new Supervisor({
      start: async () => {
        if (started > 0 && failures-- > 0) throw new Error('no responders');
        return runs[started++];
      },
      backoff,
      healthyAfterMs: 10_000,
      onEnded: (reason) => ended.push(reason),
      clock,
    });
    await supervisor.start();
    expect(supervisor.running).toBe(true);
    runs[0].end('heartbeats missed');
    await flush();
    expect(ended).toEqual(['heartbeats missed']);
    expect(runs[0].stopped).toBe(true);
    expect(clock.sleeps).toEqual([100, 200, 400]);
    expect(started).toBe(2);
    expect(supervisor.running).toBe(true);
    await supervisor.stop();
    expect(runs[1].stopped).toBe(true);
  });

  it('starts the backoff afresh after a run that lasted', async () => {
    const clock = new FakeClock();
    const runs = [controllableRun(), controllableRun(), controllableRun()];
    let started = 0;
    const supervisor = new Supervisor({ start: async () => runs[started++], backoff, healthyAfterMs: 1000, clock });
    await supervisor.start();
    runs[0].end('gone');
    await flush();
    clock.time += 5000;
    runs[1].end('gone');
    await flush();
    expect(clock.sleeps).toEqual([100, 100]);
    await supervisor.stop();
  });

  it('throws a failing first start to the caller', async () => {
    const supervisor = new Supervisor({ start: () => Promise.reject(new Error('stream not found')), backoff, healthyAfterMs: 1000, clock: new FakeClock() });
    await expect(supervisor.start()).rejects.toThrow('stream not found');
  });

  it('does not restart after stop', async () => {
    const clock = new FakeClock();
    const run = controllableRun();
    let started = 0;
    const supervisor = new Supervisor({
      start: async () => {
        started++;
        return run;
      },
      backoff,
      healthyAfterMs: 1000,
      clock,
    });
    await supervisor.start();
    const stopping = supervisor.stop();
    run.end('stopped');
    await stopping;
    expect(run.stopped).toBe(true);
    expect(started).toBe(1);
  });

  it('stops a first run whose start finished after stop: nothing keeps running unsupervised', async () => {
    const run = controllableRun();
    let release!: () => void;
    const supervisor = new Supervisor({
      start: () => new Promise<Run>((resolve) => (release = () => resolve(run))),
      backoff,
      healthyAfterMs: 1000,
      clock: new FakeClock(),
    });
    const starting = supervisor.start();
    await supervisor.stop();
    release();
    await starting;
    expect(run.stopped).toBe(true);
    expect(supervisor.running).toBe(false);
  });
});
