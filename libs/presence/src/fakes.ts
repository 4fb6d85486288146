import type { Cancel, Clock, Scheduler } from './types';

// Test doubles for the injected clock and scheduler; internal, not exported from the index.

/** A clock that only moves when told to. */
export class FakeClock implements Clock {
  constructor(private t = 0) {}

  now(): number {
    return this.t;
  }

  set(t: number): void {
    this.t = t;
  }

  advance(ms: number): void {
    this.t += ms;
  }
}

interface Task {
  readonly at: number;
  readonly order: number;
  readonly fn: () => void;
}

/** A scheduler whose calls run only when `advance` moves its clock past their due time. */
export class FakeScheduler implements Scheduler {
  private tasks: Task[] = [];
  private order = 0;

  constructor(readonly clock = new FakeClock()) {}

  schedule(fn: () => void, ms: number): Cancel {
    const task: Task = { at: this.clock.now() + ms, order: this.order++, fn };
    this.tasks.push(task);
    return () => {
      this.tasks = this.tasks.filter((t) => t !== task);
    };
  }

  /** Calls not yet run nor cancelled. */
  get pending(): number {
    return this.tasks.length;
  }

  /** Moves time forward by `ms`, running due calls in due-time order (including ones they schedule). */
  advance(ms: number): void {
    const end = this.clock.now() + ms;
    for (;;) {
      const next = this.nextDue(end);
      if (next === undefined) break;
      this.tasks = this.tasks.filter((t) => t !== next);
      this.clock.set(next.at);
      next.fn();
    }
    this.clock.set(end);
  }

  private nextDue(end: number): Task | undefined {
    let best: Task | undefined;
    for (const t of this.tasks) {
      if (t.at > end) continue;
      if (best === undefined || t.at < best.at || (t.at === best.at && t.order < best.order)) best = t;
    }
    return best;
  }
}
