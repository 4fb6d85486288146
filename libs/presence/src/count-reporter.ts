import { ErrorCode, LivecastError, MAX_ROOMS_PER_REPORT, PRESENCE_HEARTBEAT_MS, type PresenceReport } from '@livecast/contracts';
import type { PresenceListener } from './types';

/** Identity and heartbeat of the gateway whose counts are reported. */
export interface CountReporterOptions {
  gatewayId: string;
  /** Changes on every gateway start, so membership never mixes two processes' counts. */
  epoch: string;
  /** How often the gateway sends a snapshot; membership drops it after 3 silent heartbeats. */
  heartbeatMs: number;
  /**
   * The heartbeat an empty snapshot announces (no local viewers: nothing of ours can go
   * stale, so membership may wait longer for the next one); `heartbeatMs` when absent, never shorter.
   */
  idleHeartbeatMs?: number;
}

/**
 * Accumulates per-room local count changes and turns them into batched presence reports:
 * deltas of the net changes since the previous report, and full snapshots that double as
 * the heartbeat. Feed it from a PresenceTable listener; it keeps nothing per user.
 */
export class CountReporter implements PresenceListener {
  // Net change per room since the last report; rooms netting to zero are removed at once.
  private readonly pending = new Map<string, number>();
  private readonly gatewayId: string;
  private readonly epoch: string;
  private readonly heartbeatMs: number;
  private readonly idleHeartbeatMs: number;
  private seq = 0;

  constructor(options: CountReporterOptions) {
    const { heartbeatMs, idleHeartbeatMs = heartbeatMs } = options;
    checkHeartbeat('heartbeatMs', heartbeatMs);
    checkHeartbeat('idleHeartbeatMs', idleHeartbeatMs);
    this.gatewayId = options.gatewayId;
    this.epoch = options.epoch;
    this.heartbeatMs = heartbeatMs;
    this.idleHeartbeatMs = Math.max(heartbeatMs, idleHeartbeatMs);
  }

  /** Records that a room's local count changed by `delta`. */
  onCountChanged(roomId: string, delta: number): void {
    const net = (this.pending.get(roomId) ?? 0) + delta;
    if (net === 0) this.pending.delete(roomId);
    else this.pending.set(roomId, net);
  }

  /** Whether a delta report has anything to carry. */
  get hasChanges(): boolean {
    return this.pending.size > 0;
  }

  /** The sequence number the next report will carry. */
  get nextSeq(): number {
    return this.seq;
  }

  /**
   * A delta report of the net changes since the previous report, or null when there are
   * none. At most MAX_ROOMS_PER_REPORT rooms go into one report: call again while
   * `hasChanges` for the rest (each with the next seq, so they apply in order).
   */
  takeDelta(): PresenceReport | null {
    if (this.pending.size === 0) return null;
    const rooms = emptyRecord();
    let taken = 0;
    for (const [roomId, net] of this.pending) {
      if (taken++ === MAX_ROOMS_PER_REPORT) break;
      rooms[roomId] = net;
      this.pending.delete(roomId);
    }
    return this.report('delta', rooms);
  }

  /**
   * A snapshot report of every room's full local count; it supersedes any pending changes.
   * An empty one announces the idle heartbeat.
   */
  snapshot(counts: Iterable<readonly [string, number]>): PresenceReport {
    const rooms = emptyRecord();
    let empty = true;
    for (const [roomId, count] of counts) {
      if (count <= 0) continue;
      rooms[roomId] = count;
      empty = false;
    }
    // The snapshot already reflects the pending changes; sending them again would double-count.
    this.pending.clear();
    return this.report('snapshot', rooms, empty ? this.idleHeartbeatMs : this.heartbeatMs);
  }

  private report(kind: PresenceReport['kind'], rooms: Record<string, number>, heartbeatMs = this.heartbeatMs): PresenceReport {
    return {
      gatewayId: this.gatewayId,
      epoch: this.epoch,
      seq: this.seq++,
      kind,
      heartbeatMs,
      rooms,
    };
  }
}

function checkHeartbeat(field: string, ms: number): void {
  const { min, max } = PRESENCE_HEARTBEAT_MS;
  if (!Number.isInteger(ms) || ms < min || ms > max) throw new LivecastError(ErrorCode.Invalid, `${field} must be an integer in [${min}, ${max}]`, field);
}

// Room ids may be `__proto__`; a prototype-less record stores that as a plain key.
function emptyRecord(): Record<string, number> {
  return Object.create(null) as Record<string, number>;
}
