import type { PresenceReport } from '@livecast/contracts';
import type { CountReporter } from './count-reporter';
import type { Cancel, Clock, PresenceListener, Scheduler } from './types';

/** The full local count of every room, for snapshots (a PresenceTable's `roomCounts`). */
export type RoomCounts = () => Iterable<readonly [string, number]>;

/** What a ReportPacer drives: the reporter and the bus. */
export interface ReportPacerOptions {
  reporter: CountReporter;
  send: (report: PresenceReport) => void;
  /** Changes are batched this long into one delta. */
  deltaMs: number;
  clock: Clock;
  scheduler: Scheduler;
}

/**
 * When a gateway's presence reports go out. A delta leaves `deltaMs` after the first change
 * since the last one; a snapshot leaves when the heartbeat the previous report announced is
 * due — so a gateway without viewers, whose empty snapshot announced the idle heartbeat,
 * wakes for nothing else, and its first change brings the heartbeat back at once. Only
 * timers for pending work are armed: no change, no delta timer.
 */
export class ReportPacer implements PresenceListener {
  private cancelDelta?: Cancel;
  private cancelSnapshot?: Cancel;
  private snapshotDueAt = Infinity;
  private stopped = false;
  private counts: RoomCounts = () => [];

  constructor(private readonly options: ReportPacerOptions) {}

  /** Starts reporting what `counts` returns with a first snapshot, so membership learns of this gateway without waiting a heartbeat. */
  start(counts: RoomCounts): void {
    this.counts = counts;
    this.sendSnapshot();
  }

  /** Cancels what is scheduled and sends a last snapshot (after the connections closed: it says we hold nobody). */
  stop(): void {
    this.stopped = true;
    this.cancelDelta?.();
    this.sendSnapshot();
  }

  onCountChanged(): void {
    if (this.cancelDelta !== undefined || this.stopped) return;
    this.cancelDelta = this.options.scheduler.schedule(() => this.sendDeltas(), this.options.deltaMs);
  }

  private sendDeltas(): void {
    this.cancelDelta = undefined;
    const { reporter, send } = this.options;
    for (let report = reporter.takeDelta(); report; report = reporter.takeDelta()) {
      send(report);
      this.expectSnapshotWithin(report.heartbeatMs);
    }
  }

  private sendSnapshot(): void {
    this.cancelSnapshot?.();
    this.cancelSnapshot = undefined;
    this.snapshotDueAt = Infinity;
    const report = this.options.reporter.snapshot(this.counts());
    this.options.send(report);
    if (!this.stopped) this.expectSnapshotWithin(report.heartbeatMs);
  }

  /** Keeps the promise of the last report sent: the next snapshot within its heartbeat. */
  private expectSnapshotWithin(heartbeatMs: number): void {
    const dueAt = this.options.clock.now() + heartbeatMs;
    if (dueAt >= this.snapshotDueAt) return;
    this.cancelSnapshot?.();
    this.snapshotDueAt = dueAt;
    this.cancelSnapshot = this.options.scheduler.schedule(() => this.sendSnapshot(), heartbeatMs);
  }
}
