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

  /**
   * `chainFrom` gives the prevSeq of a room's first frame in this set: a new partition
   * owner passes it for rooms where messages may have been removed before it read them.
   */
  constructor(
    overrides: Partial<ShapingConfig> = {},
    private readonly chainFrom: (roomId: string) => number | undefined = () => undefined,
  ) {
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
      entry = { shaper: new RoomShaper(roomId, this.config, this.chainFrom(roomId)), lastInputAt: now };
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
