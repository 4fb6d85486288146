import type { Clock, Scheduler } from '@livecast/presence';

/** The presence libs' scheduler on the process's timers. */
export const timerScheduler: Scheduler = {
  schedule: (fn, ms) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };
