// The shapers of every room one fan-out owner serves. Each room keeps its own state, so a
// hot room never changes how a small one is shaped; `tickAll` visits only rooms that need a
// tick (shaped, or holding something), so its cost follows the busy rooms, not all rooms.
// Idle rooms are swept from `push` as well as `tickAll`: a driver ticks only while some room
// is active, so a set of pass-through rooms would otherwise never be swept.
import type { ChatMessage, RoomFrame } from '@livecast/contracts';
import { shapingConfig, type ShapingConfig } from './config';
import { RoomShaper } from './room-shaper';

interface Entry {
  readonly shaper: RoomShaper;
  lastInputAt: number;
}

/** Room shapers keyed by room id: routes input, ticks busy rooms, forgets idle ones. */
export class ShaperSet {
  /** The validated config every room shaper of this set uses. */
  readonly config: ShapingConfig;
  private readonly rooms = new Map<string, Entry>();
  private readonly active = new Set<RoomShaper>();
  private nextSweepAt = -Infinity;

  constructor(overrides: Partial<ShapingConfig> = {}) {
    this.config = shapingConfig(overrides);
  }

  /** Rooms currently held. */
  get size(): number {
    return this.rooms.size;
  }

  /** Rooms that `tickAll` visits; while none, nothing needs a tick. */
  get activeCount(): number {
    return this.active.size;
  }

  /** Lowest seq held unaccounted by any room (Infinity when none); only active rooms hold any. */
  oldestHeldSeq(): number {
    let oldest = Infinity;
    for (const shaper of this.active) oldest = Math.min(oldest, shaper.oldestHeldSeq);
    return oldest;
  }

  /** The shaper of a room, if held. */
  get(roomId: string): RoomShaper | undefined {
    return this.rooms.get(roomId)?.shaper;
  }

  /** Routes a message to its room's shaper; returns a frame at once when the room passes through. */
  push(msg: ChatMessage, now: number): RoomFrame | null {
    if (now >= this.nextSweepAt) this.sweep(now);
    const entry = this.entry(msg.roomId, now);
    const frame = entry.shaper.push(msg, now);
    if (entry.shaper.needsTick) this.active.add(entry.shaper);
    return frame;
  }

  /** The highest seq the room's shaper took (0 when the room is not held): input at or below it is a redelivery. */
  lastTakenSeq(roomId: string): number {
    return this.rooms.get(roomId)?.shaper.lastTakenSeq ?? 0;
  }

  /** Messages of the room before its next one may have been removed unread: the frame for that one shows a gap (see RoomShaper.suspectLoss). */
  suspectLoss(roomId: string, now: number): void {
    this.entry(roomId, now).shaper.suspectLoss();
  }

  /** Records a room's online viewer count (sets its frame interval; big rooms become shaped). */
  setOnline(roomId: string, online: number, now: number): void {
    this.entry(roomId, now).shaper.setOnline(online);
  }

  /** Ticks every room that needs it and returns the frames due; also evicts idle rooms now and then. */
  tickAll(now: number): RoomFrame[] {
    const frames: RoomFrame[] = [];
    for (const shaper of this.active) {
      const frame = shaper.tick(now);
      if (frame !== null) frames.push(frame);
      // Deleting the current element while iterating a Set is safe.
      if (!shaper.needsTick) this.active.delete(shaper);
    }
    if (now >= this.nextSweepAt) this.sweep(now);
    return frames;
  }

  private entry(roomId: string, now: number): Entry {
    let entry = this.rooms.get(roomId);
    if (entry === undefined) {
      entry = { shaper: new RoomShaper(roomId, this.config), lastInputAt: now };
      this.rooms.set(roomId, entry);
    }
    entry.lastInputAt = now;
    return entry;
  }

  /** Forgets rooms idle for `idleEvictMs` with nothing held; their next frame starts a new prevSeq chain. */
  private sweep(now: number): void {
    const idleMs = this.config.idleEvictMs;
    for (const [roomId, entry] of this.rooms) {
      if (now - entry.lastInputAt >= idleMs && !entry.shaper.needsTick) this.rooms.delete(roomId);
    }
    // Sweeping every half idle period bounds an idle room's lifetime to 1.5 x idleEvictMs.
    this.nextSweepAt = now + idleMs / 2;
  }
}
