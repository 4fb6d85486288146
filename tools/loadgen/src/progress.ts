import { Presets, SingleBar } from 'cli-progress';
import type { WorkerProgress } from './ipc';

/** Live progress on stderr: one bar per phase, fed with the workers' latest counters. */
export class Progress {
  private bar?: SingleBar;
  private readonly latest = new Map<number, WorkerProgress>();
  private lastOps = 0;
  private lastAt = 0;
  private rate = 0;

  constructor(private readonly enabled: boolean) {}

  /** Starts a phase bar of `total` units. */
  phase(name: string, total: number, unit: string): void {
    this.stop();
    if (!this.enabled) return;
    this.bar = new SingleBar(
      {
        format: `${name.padEnd(8)} [{bar}] {value}/{total} ${unit} | {detail}`,
        stream: process.stderr,
        hideCursor: false,
        noTTYOutput: true,
        notTTYSchedule: 5000,
        etaBuffer: 20,
      },
      Presets.shades_classic,
    );
    this.bar.start(total, 0, { detail: '' });
    this.lastOps = this.totals().ops;
    this.lastAt = performance.now();
  }

  /** Records a worker's counters. */
  report(worker: number, progress: WorkerProgress): void {
    this.latest.set(worker, progress);
  }

  /** Sum of the latest counters of every worker. */
  totals(): WorkerProgress {
    const sum: WorkerProgress = { connected: 0, failed: 0, ops: 0, errors: 0 };
    for (const p of this.latest.values()) {
      sum.connected += p.connected;
      sum.failed += p.failed;
      sum.ops += p.ops;
      sum.errors += p.errors;
    }
    return sum;
  }

  /** Moves the bar to `value` with a detail line (ops/s since the last update, errors). */
  update(value: number): void {
    if (!this.bar) return;
    const t = this.totals();
    const now = performance.now();
    // Workers report twice a second: a rate over a shorter span would read 0.
    if (now - this.lastAt >= 900) {
      this.rate = ((t.ops - this.lastOps) * 1000) / (now - this.lastAt);
      this.lastOps = t.ops;
      this.lastAt = now;
    }
    this.bar.update(value, { detail: `connected ${t.connected} failed ${t.failed} | ops ${t.ops} (${this.rate.toFixed(0)}/s) | errors ${t.errors}` });
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
