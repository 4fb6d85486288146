import type { PresenceReport } from '@livecast/contracts';
import type { Clock } from './types';

/**
 * What `apply` did with a report: counted it, skipped it as old, found the gateway out
 * of step, or refused it because it names another gateway than the one it came from.
 */
export type ApplyOutcome = 'applied' | 'ignored' | 'stale' | 'misattributed';

/** One gateway as the aggregator sees it, for diagnostics. */
export interface GatewayInfo {
  readonly gatewayId: string;
  readonly epoch: string;
  /** Seq of the last applied report; -1 before the first one. */
  readonly seq: number;
  /** True while deltas are ignored, waiting for a snapshot. */
  readonly stale: boolean;
  readonly heartbeatMs: number;
  readonly lastSeenAt: number;
  readonly rooms: number;
  readonly connections: number;
}

interface GatewayState {
  readonly epoch: string;
  /** The epoch this gateway had before its last restart; its late reports are dropped. */
  readonly retiredEpoch: string | undefined;
  lastSeq: number;
  stale: boolean;
  heartbeatMs: number;
  lastSeenAt: number;
  /** Invariant: only counts > 0 are stored. */
  readonly rooms: Map<string, number>;
}

/** How many announced heartbeats a gateway may miss before its counts are dropped. */
export const MISSED_HEARTBEATS = 3;

/**
 * Membership's view of room sizes: per-gateway counts built from presence reports, and
 * their per-room totals. A delta is applied only in sequence; any gap marks the gateway
 * stale until its next snapshot, so totals never drift, they only wait for a heartbeat.
 */
export class OnlineAggregator {
  private readonly byId = new Map<string, GatewayState>();
  // Invariant: each total is the exact sum of the gateways' counts, and only totals > 0 are stored.
  private readonly totals = new Map<string, number>();
  // Rooms touched since the last drain, with their total at the first touch.
  private readonly changed = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  /**
   * Applies one gateway's report (already validated against the contract). `sentBy` is
   * the gateway the bus vouches for (the presence subject, which only that gateway's NATS
   * user may publish on): a report naming anyone else changes nothing, so no gateway can
   * reset or freeze another's counts with a new epoch.
   */
  apply(report: PresenceReport, sentBy: string | null = report.gatewayId): ApplyOutcome {
    if (sentBy !== report.gatewayId) return 'misattributed';
    const gw = this.stateFor(report);
    if (gw === undefined) return 'ignored';
    gw.lastSeenAt = this.clock.now();
    gw.heartbeatMs = report.heartbeatMs;
    return report.kind === 'snapshot' ? this.applySnapshot(gw, report) : this.applyDelta(gw, report);
  }

  /** Total online count of a room across every live gateway. */
  online(roomId: string): number {
    return this.totals.get(roomId) ?? 0;
  }

  /** Drops gateways silent for more than 3 of their own heartbeats; returns rooms whose totals changed. */
  expire(now: number = this.clock.now()): string[] {
    const rooms = new Set<string>();
    for (const [gatewayId, gw] of this.byId) {
      if (now - gw.lastSeenAt <= MISSED_HEARTBEATS * gw.heartbeatMs) continue;
      for (const [roomId, count] of gw.rooms) {
        this.adjustTotal(roomId, -count);
        rooms.add(roomId);
      }
      this.byId.delete(gatewayId);
    }
    return [...rooms];
  }

  /** When `expire` would next drop a gateway that stays silent (Infinity when none is tracked). */
  nextExpiryAt(): number {
    let next = Infinity;
    for (const gw of this.byId.values()) next = Math.min(next, gw.lastSeenAt + MISSED_HEARTBEATS * gw.heartbeatMs + 1);
    return next;
  }

  /** Whether any room's total was touched since the last drain. */
  get hasChanges(): boolean {
    return this.changed.size > 0;
  }

  /** Rooms whose totals differ from the last drain, with their current totals; resets the set. */
  drainChanged(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [roomId, before] of this.changed) {
      const total = this.totals.get(roomId) ?? 0;
      // A room that went up and back down between drains is not news.
      if (total !== before) out.set(roomId, total);
    }
    this.changed.clear();
    return out;
  }

  /** Every room with online viewers, and the changed ones that dropped to 0, with their totals: a full republish. Resets the changed set. */
  drainAll(): Map<string, number> {
    const out = this.drainChanged();
    for (const [roomId, total] of this.totals) out.set(roomId, total);
    return out;
  }

  /** Rooms with at least one online viewer. */
  get roomCount(): number {
    return this.totals.size;
  }

  /** Gateways currently tracked. */
  get gatewayCount(): number {
    return this.byId.size;
  }

  /** A copy of every tracked gateway's state, for diagnostics. */
  gateways(): GatewayInfo[] {
    const out: GatewayInfo[] = [];
    for (const [gatewayId, gw] of this.byId) {
      let connections = 0;
      for (const count of gw.rooms.values()) connections += count;
      out.push({
        gatewayId,
        epoch: gw.epoch,
        seq: gw.lastSeq,
        stale: gw.stale,
        heartbeatMs: gw.heartbeatMs,
        lastSeenAt: gw.lastSeenAt,
        rooms: gw.rooms.size,
        connections,
      });
    }
    return out;
  }

  /** The state a report applies to; a new epoch discards the old one's counts; undefined for a retired epoch. */
  private stateFor(report: PresenceReport): GatewayState | undefined {
    const known = this.byId.get(report.gatewayId);
    if (known !== undefined && known.epoch === report.epoch) return known;
    // NATS orders one connection's messages, not two processes': the old process's last
    // report may land after the new one's first, and must not reset the gateway again.
    if (known !== undefined && known.retiredEpoch === report.epoch) return undefined;
    if (known !== undefined) {
      for (const [roomId, count] of known.rooms) this.adjustTotal(roomId, -count);
    }
    const fresh: GatewayState = {
      epoch: report.epoch,
      retiredEpoch: known?.epoch,
      lastSeq: -1,
      // Deltas need a base; a gateway first seen (or restarted) has none until its snapshot.
      stale: true,
      heartbeatMs: report.heartbeatMs,
      lastSeenAt: this.clock.now(),
      rooms: new Map(),
    };
    this.byId.set(report.gatewayId, fresh);
    return fresh;
  }

  private applySnapshot(gw: GatewayState, report: PresenceReport): ApplyOutcome {
    if (report.seq <= gw.lastSeq) return 'ignored';
    const next = report.rooms;
    for (const [roomId, count] of gw.rooms) {
      if (!Object.hasOwn(next, roomId)) this.setCount(gw, roomId, 0, count);
    }
    for (const roomId of Object.keys(next)) {
      this.setCount(gw, roomId, next[roomId], gw.rooms.get(roomId) ?? 0);
    }
    gw.lastSeq = report.seq;
    gw.stale = false;
    return 'applied';
  }

  private applyDelta(gw: GatewayState, report: PresenceReport): ApplyOutcome {
    if (gw.stale) return 'stale';
    if (report.seq <= gw.lastSeq) return 'ignored';
    if (report.seq !== gw.lastSeq + 1) {
      gw.stale = true;
      return 'stale';
    }
    const delta = report.rooms;
    for (const roomId of Object.keys(delta)) {
      const prev = gw.rooms.get(roomId) ?? 0;
      this.setCount(gw, roomId, prev + delta[roomId], prev);
    }
    gw.lastSeq = report.seq;
    return 'applied';
  }

  /** Sets a gateway's count for a room (clamped at 0) and moves the room's total by the difference. */
  private setCount(gw: GatewayState, roomId: string, wanted: number, prev: number): void {
    // A malformed value must not poison a total for good; the next snapshot repairs the room.
    if (!Number.isInteger(wanted)) return;
    const next = Math.max(0, wanted);
    if (next === prev) return;
    if (next === 0) gw.rooms.delete(roomId);
    else gw.rooms.set(roomId, next);
    this.adjustTotal(roomId, next - prev);
  }

  private adjustTotal(roomId: string, diff: number): void {
    const before = this.totals.get(roomId) ?? 0;
    const after = Math.max(0, before + diff);
    if (!this.changed.has(roomId)) this.changed.set(roomId, before);
    if (after === 0) this.totals.delete(roomId);
    else this.totals.set(roomId, after);
  }
}
