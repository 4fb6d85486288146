// One room's shaper: decides pass-through vs shaped, budgets each frame, and accounts for
// every message exactly once.
//
// Modes. A room passes messages through (one frame per message, at once) while its
// incoming rates over the last `windowMs` are under the caps — normal under `screenRate`,
// priority under `priorityRate` — and it is not a mega room. Reaching a cap switches it to
// shaped; it switches back only when both rates fall under `exitRatio` of their caps and
// nothing is pending (hysteresis, so a room near the boundary does not flap).
//
// Budgets of a shaped frame. Normal chat: the frame interval's share of `screenRate`,
// oldest first; chat beyond the share is dropped (counted) in the frame it arrived for,
// so the live view never lags behind. Priority: whatever is left of `priorityRate` over
// the sliding window — unused budget carries over within the window, and what does not fit
// waits for a later frame (urgent before gifts, oldest first). Both budgets are also held
// to "shown in any `windowMs` <= cap", across mode switches too. Likes only ever count.
//
// Sequence accounting: see FrameLedger. In short, frames chain by prevSeq, toSeq is a
// never-decreasing watermark, and a deferred priority message is accounted by the frame
// that shows it (so it may carry a seq <= prevSeq).
//
// Input must arrive in seq order (a stream consumer's order); a seq not above the last one
// pushed is treated as a redelivery and ignored. `now` is injected and must not go back.
import type { ChatMessage, RoomFrame } from '@livecast/contracts';
import { classify } from './classify';
import { assertShapingConfig, defaultShapingConfig, type ShapingConfig } from './config';
import { FrameLedger } from './frame-ledger';
import { frameIntervalFor, normalPerFrame } from './frame-interval';
import { PriorityQueue } from './priority-queue';
import { SlidingCounter } from './sliding-counter';
import { createShaperStats, type ShaperStats } from './stats';

/** Whether a room forwards each message at once or emits budgeted frames on the tick. */
export type ShapingMode = 'pass-through' | 'shaped';

const bySeq = (a: ChatMessage, b: ChatMessage): number => a.seq - b.seq;

/** Shapes one room's message stream into frames; one instance per room, driven by `push` and `tick`. */
export class RoomShaper {
  /** Running totals, for metrics and tests. */
  readonly stats: ShaperStats = createShaperStats();
  private current: ShapingMode = 'pass-through';
  private readonly ledger: FrameLedger;
  private readonly queue: PriorityQueue;
  /** Normal messages held for the next frame: at most one frame's share, oldest first. */
  private readonly normal: ChatMessage[] = [];
  private readonly incomingNormal: SlidingCounter;
  private readonly incomingPriority: SlidingCounter;
  private readonly shownNormal: SlidingCounter;
  private readonly shownPriority: SlidingCounter;
  private online: number | undefined;
  private intervalMs: number;
  private share: number;
  private lastSeq = 0;
  private lossSuspected = false;
  private nextDueAt = -Infinity;

  constructor(
    readonly roomId: string,
    private readonly config: ShapingConfig = defaultShapingConfig,
  ) {
    assertShapingConfig(config);
    this.ledger = new FrameLedger();
    this.queue = new PriorityQueue(config.priorityQueueCap);
    // Incoming rates only steer the mode, so a coarse granule keeps their logs short.
    const granule = Math.max(1, config.tickMs / 10);
    this.incomingNormal = new SlidingCounter(config.windowMs, granule);
    this.incomingPriority = new SlidingCounter(config.windowMs, granule);
    this.shownNormal = new SlidingCounter(config.windowMs);
    this.shownPriority = new SlidingCounter(config.windowMs);
    this.intervalMs = config.tickMs;
    this.share = normalPerFrame(this.intervalMs, config);
  }

  /** The highest seq taken (0 before any): a redelivery is at or below it. */
  get lastTakenSeq(): number {
    return this.lastSeq;
  }

  /**
   * Messages of the room between the last one taken and the next may have been removed
   * unread (retention was full when the feed re-opened): the frame that accounts for the
   * next one shows a gap before it (see FrameLedger.lossBefore).
   */
  suspectLoss(): void {
    this.lossSuspected = true;
  }

  /** Current mode. */
  get mode(): ShapingMode {
    return this.current;
  }

  /** Messages held for a later frame (normal awaiting the tick plus queued priority). */
  get pending(): number {
    return this.normal.length + this.queue.size;
  }

  /**
   * Lowest seq taken but not yet accounted by an emitted frame (Infinity when none): the
   * fan-out may acknowledge the stream up to just below the minimum of this over rooms.
   */
  get oldestHeldSeq(): number {
    return Math.min(this.normal[0]?.seq ?? Infinity, this.queue.oldestSeq, this.ledger.oldestSeq);
  }

  /** True while the room needs `tick` calls: shaped, or something is held for a frame. */
  get needsTick(): boolean {
    return this.current === 'shaped' || this.pending > 0 || !this.ledger.isEmpty;
  }

  /** Frame interval in ms for the room's last known size. */
  get frameIntervalMs(): number {
    return this.intervalMs;
  }

  /** Records the room's online viewer count, which sets the frame interval and budgets. */
  setOnline(online: number): void {
    this.online = online;
    this.intervalMs = frameIntervalFor(online, this.config);
    this.share = normalPerFrame(this.intervalMs, this.config);
  }

  /** Takes the next message of the room; returns a frame at once when the room passes through. */
  push(msg: ChatMessage, now: number): RoomFrame | null {
    if (msg.roomId !== this.roomId) throw new RangeError(`shaper for ${this.roomId} got a message of ${msg.roomId}`);
    if (!Number.isInteger(msg.seq) || msg.seq < 1) throw new RangeError(`message seq must be a positive integer, got ${msg.seq}`);
    if (msg.seq <= this.lastSeq) {
      this.stats.duplicates++;
      return null;
    }
    this.lastSeq = msg.seq;
    if (this.lossSuspected) {
      this.ledger.lossBefore(msg.seq);
      this.lossSuspected = false;
    }
    this.stats.pushed[msg.kind]++;
    const cls = classify(msg);
    if (cls === 'like') {
      this.ledger.like(msg.seq);
      this.stats.likes++;
      return null;
    }
    return cls === 'normal' ? this.pushNormal(msg, now) : this.pushPriority(msg, now);
  }

  /** Emits the shaped frame when one is due (also flushes likes of a pass-through room); else null. */
  tick(now: number, online?: number): RoomFrame | null {
    if (online !== undefined) this.setOnline(online);
    if (now < this.nextDueAt) return null;
    const frame = this.flush(now);
    if (frame !== null) this.advanceSchedule(now);
    if (this.current === 'shaped' && !this.needsFlush() && this.isCalm(now)) this.current = 'pass-through';
    return frame;
  }

  private pushNormal(msg: ChatMessage, now: number): RoomFrame | null {
    this.incomingNormal.add(now);
    if (this.current === 'pass-through') {
      if (this.admits(now, this.incomingNormal, this.shownNormal, this.config.screenRate)) {
        this.shownNormal.add(now);
        return this.emitOne(msg);
      }
      this.current = 'shaped';
    }
    if (this.normal.length < this.share) {
      this.normal.push(msg);
    } else {
      // Oldest first: the frame's share is already held, so this one can only be dropped.
      this.ledger.drop(msg.seq);
      this.stats.dropped[msg.kind]++;
    }
    return null;
  }

  private pushPriority(msg: ChatMessage, now: number): RoomFrame | null {
    this.incomingPriority.add(now);
    if (this.current === 'pass-through') {
      if (this.admits(now, this.incomingPriority, this.shownPriority, this.config.priorityRate)) {
        this.shownPriority.add(now);
        return this.emitOne(msg);
      }
      this.current = 'shaped';
    }
    const shed = this.queue.push(msg, now);
    if (shed !== undefined) this.shedPriority(shed);
    return null;
  }

  /** Pass-through is allowed while the class is under its cap, incoming and shown, and the room is not mega. */
  private admits(now: number, incoming: SlidingCounter, shown: SlidingCounter, cap: number): boolean {
    if (this.online !== undefined && this.online > this.config.megaRoomThreshold) return false;
    return incoming.count(now) < cap && shown.count(now) < cap;
  }

  private isCalm(now: number): boolean {
    const { screenRate, priorityRate, exitRatio, megaRoomThreshold } = this.config;
    if (this.online !== undefined && this.online > megaRoomThreshold) return false;
    return this.incomingNormal.count(now) < screenRate * exitRatio && this.incomingPriority.count(now) < priorityRate * exitRatio;
  }

  private needsFlush(): boolean {
    return this.pending > 0 || !this.ledger.isEmpty;
  }

  private emitOne(msg: ChatMessage): RoomFrame | null {
    this.stats.shown[msg.kind]++;
    return this.emit([msg]);
  }

  /** Builds the shaped frame: the normal share, then priority up to the window's leftover budget. */
  private flush(now: number): RoomFrame | null {
    const { screenRate, priorityRate } = this.config;
    const shown: ChatMessage[] = [];
    const normalRoom = Math.max(0, Math.min(this.share, screenRate - this.shownNormal.count(now)));
    for (let i = 0; i < this.normal.length; i++) {
      const msg = this.normal[i];
      if (i < normalRoom) {
        shown.push(msg);
      } else {
        this.ledger.drop(msg.seq);
        this.stats.dropped[msg.kind]++;
      }
    }
    const normalShown = shown.length;
    this.normal.length = 0;
    this.shedStalePriority(now);
    const priorityRoom = Math.max(0, priorityRate - this.shownPriority.count(now));
    const priorityShown = this.queue.take(priorityRoom, shown);
    if (normalShown > 0) this.shownNormal.add(now, normalShown);
    if (priorityShown > 0) this.shownPriority.add(now, priorityShown);
    for (const msg of shown) this.stats.shown[msg.kind]++;
    if (shown.length > 1) shown.sort(bySeq);
    return this.emit(shown);
  }

  /** Drops (counted) the priority messages that waited longer than `priorityMaxWaitMs`. */
  private shedStalePriority(now: number): void {
    if (this.queue.size > 0) this.queue.shedOlderThan(now - this.config.priorityMaxWaitMs, (msg) => this.shedPriority(msg));
  }

  /** Accounts a priority message that leaves the queue unshown (the cap, or waited too long). */
  private shedPriority(msg: ChatMessage): void {
    this.ledger.drop(msg.seq);
    this.stats.dropped[msg.kind]++;
    this.stats.priorityShed++;
  }

  private emit(messages: ChatMessage[]): RoomFrame | null {
    const frame = this.ledger.close(this.roomId, messages, this.online);
    if (frame !== null) this.stats.frames++;
    return frame;
  }

  /** Keeps frames on a fixed grid (driver lateness does not drift it); after a stall, restarts from now. */
  private advanceSchedule(now: number): void {
    const next = this.nextDueAt + this.intervalMs;
    this.nextDueAt = next > now ? next : now + this.intervalMs;
  }
}
