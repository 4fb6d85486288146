import { RatePacer } from './rate-pacer';

/** Progress of a ramp. */
export interface RampProgress {
  started: number;
  done: number;
}

/**
 * Runs `start(k)` for k = 0..count-1 at most `ratePerSec` starts per second and at most
 * `concurrency` unfinished at once, from one 5 ms timer. A start that rejects counts as
 * done (the caller records why). Resolves when every start has finished.
 */
export function runRamp(count: number, ratePerSec: number, concurrency: number, start: (k: number) => Promise<void>, progress?: RampProgress): Promise<void> {
  const state = progress ?? { started: 0, done: 0 };
  if (count === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const pacer = new RatePacer(ratePerSec, performance.now(), Math.max(1, Math.ceil(ratePerSec / 50)));
    const finish = () => {
      state.done++;
      if (state.done === count) {
        clearInterval(timer);
        resolve();
      }
    };
    const tick = () => {
      const room = Math.min(pacer.due(performance.now()), concurrency - (state.started - state.done), count - state.started);
      for (let i = 0; i < room; i++) {
        const k = state.started++;
        start(k).then(finish, finish);
      }
      if (room > 0) pacer.issue(room);
    };
    const timer = setInterval(tick, 5);
    tick();
  });
}
