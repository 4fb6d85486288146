import { ErrorCode, LivecastError } from '@livecast/contracts/client';

interface Waiter {
  resolve(): void;
  reject(err: LivecastError): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * A condition callers can wait for: "connected", "joined". While open, `wait` resolves at
 * once; while closed, it waits until the gate opens, fails, or the timeout passes. A
 * failed gate rejects every wait until it is opened or closed again.
 */
export class Gate {
  private state: 'open' | 'closed' | 'failed';
  private failure?: LivecastError;
  private readonly waiters = new Set<Waiter>();

  constructor(open = false) {
    this.state = open ? 'open' : 'closed';
  }

  /** True while waits resolve at once. */
  get isOpen(): boolean {
    return this.state === 'open';
  }

  /** Opens the gate and releases every waiter. */
  open(): void {
    this.state = 'open';
    this.failure = undefined;
    this.settle((w) => w.resolve());
  }

  /** Closes the gate: later waits wait. */
  close(): void {
    this.state = 'closed';
    this.failure = undefined;
  }

  /** Fails every waiter, and every later wait, with `err` until the gate opens or closes again. */
  fail(err: LivecastError): void {
    this.state = 'failed';
    this.failure = err;
    this.settle((w) => w.reject(err));
  }

  /** Resolves when the gate is open; rejects with UNAVAILABLE (`what` in the message) after `timeoutMs`. */
  wait(timeoutMs: number, what: string): Promise<void> {
    if (this.state === 'open') return Promise.resolve();
    if (this.state === 'failed' && this.failure) return Promise.reject(this.failure);
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new LivecastError(ErrorCode.Unavailable, `${what}: not ready within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  private settle(action: (waiter: Waiter) => void): void {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      action(waiter);
    }
    this.waiters.clear();
  }
}
