import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ParentMessage, WorkerMessage, WorkerProgress } from './ipc';
import type { WorkerPlan } from './plan';
import type { WorkerStats } from './worker-stats';

// Handshakes and frames make much short-lived garbage: a larger young generation makes
// scavenges rarer and cheaper (measured: GC was ~15% of a worker's connect-phase CPU).
const WORKER_FLAGS = ['--max-semi-space-size=32'];

/** What the pool hands to the coordinator as it arrives. */
export interface PoolListener {
  progress(worker: number, progress: WorkerProgress): void;
  e2e(acks: Float64Array, receipts: Float64Array): void;
}

interface Waiter {
  type: 'connected' | 'result';
  pending: Set<number>;
  resolve(): void;
  reject(err: Error): void;
}

/**
 * The worker processes of a run: forks one per plan (same runtime flags, so TypeScript
 * loads through swc-node as in the parent; structured-clone IPC so typed arrays cross
 * cheaply), waits for phase barriers, and fails the run if a worker dies.
 */
export class WorkerPool {
  private readonly children: ChildProcess[] = [];
  private readonly results: WorkerStats[] = [];
  private readonly arrivals = { connected: new Set<number>(), result: new Set<number>() };
  private waiter?: Waiter;
  private closing = false;

  constructor(
    private readonly plans: WorkerPlan[],
    private readonly listener: PoolListener,
  ) {}

  /** Forks every worker and sends it its plan. */
  start(): void {
    const entry = join(__dirname, 'worker.ts');
    for (const plan of this.plans) {
      const child = fork(entry, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [...process.execArgv, ...WORKER_FLAGS] });
      child.on('message', (message: WorkerMessage) => this.onMessage(message));
      child.on('exit', (code, signal) => {
        if (!this.closing) this.fail(new Error(`worker ${plan.worker} exited (${signal ?? code}) before the run ended`));
      });
      child.send({ type: 'init', plan } satisfies ParentMessage);
      this.children.push(child);
    }
  }

  /** Resolves when every worker has sent a message of `type`. */
  waitAll(type: 'connected' | 'result'): Promise<void> {
    return new Promise((resolve, reject) => {
      const pending = new Set(this.plans.map((p) => p.worker).filter((w) => !this.arrivals[type].has(w)));
      if (pending.size === 0) return resolve();
      this.waiter = { type, pending, resolve, reject };
    });
  }

  /** Sends a message to every worker. */
  broadcast(message: ParentMessage): void {
    for (const child of this.children) if (child.connected) child.send(message);
  }

  /** The workers' final stats, in worker order. */
  stats(): WorkerStats[] {
    return this.results.filter((s) => s !== undefined);
  }

  /** Asks every worker to close its connections and exit; kills those still there after `graceMs`. */
  async close(graceMs = 10_000): Promise<void> {
    this.closing = true;
    this.broadcast({ type: 'close' });
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
          }),
      ),
    );
  }

  /** Kills every worker at once (interrupt). */
  kill(): void {
    this.closing = true;
    for (const child of this.children) child.kill('SIGKILL');
  }

  private onMessage(message: WorkerMessage): void {
    switch (message.type) {
      case 'progress':
        this.listener.progress(message.worker, message.progress);
        return;
      case 'e2e':
        this.listener.e2e(message.acks, message.receipts);
        return;
      case 'result':
        this.results[message.worker] = message.stats;
        this.arrived('result', message.worker);
        return;
      case 'connected':
        this.arrived('connected', message.worker);
        return;
      case 'fatal':
        this.fail(new Error(`worker ${message.worker} failed: ${message.message}`));
        return;
    }
  }

  private arrived(type: Waiter['type'], worker: number): void {
    this.arrivals[type].add(worker);
    const waiter = this.waiter;
    if (!waiter || waiter.type !== type) return;
    waiter.pending.delete(worker);
    if (waiter.pending.size === 0) {
      this.waiter = undefined;
      waiter.resolve();
    }
  }

  private fail(err: Error): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter) waiter.reject(err);
    else process.stderr.write(`loadgen: ${err.message}\n`);
  }
}
