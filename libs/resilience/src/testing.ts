import type { Clock } from './clock';

/** A clock for specs: `sleep` records the delay, moves time on by it and resolves at once. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(public time = 0) {}
  now(): number {
    return this.time;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
  }
}
