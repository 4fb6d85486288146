import { ErrorCode, LivecastError } from '@livecast/contracts';
import type { Cancel, PresenceListener, Scheduler } from './types';

/** Where room interest ends up: the gateway's NATS subscriptions for a room's subjects. */
export interface InterestSink {
  /** Start receiving the room's subjects; must not throw. */
  subscribe(roomId: string): void;
  /** Stop receiving the room's subjects; must not throw. */
  unsubscribe(roomId: string): void;
}

/** Collaborators and timing of room interest. */
export interface RoomInterestOptions {
  sink: InterestSink;
  scheduler: Scheduler;
  /** How long a room stays subscribed after its last local member left; 0 unsubscribes at once. */
  lingerMs: number;
}

/**
 * Decides when the gateway subscribes to a room: at once on its first local member, and
 * only `lingerMs` after its last one left, so a room flapping between 0 and 1 viewers
 * keeps one subscription instead of churning. Feed it from a PresenceTable listener.
 */
export class RoomInterest implements PresenceListener {
  private readonly subscribed = new Set<string>();
  // Invariant: every key of `lingering` is also in `subscribed`.
  private readonly lingering = new Map<string, Cancel>();
  private readonly sink: InterestSink;
  private readonly scheduler: Scheduler;
  private readonly lingerMs: number;
  private disposed = false;

  constructor(options: RoomInterestOptions) {
    if (!Number.isFinite(options.lingerMs) || options.lingerMs < 0) {
      throw new LivecastError(ErrorCode.Invalid, 'lingerMs must be a finite number >= 0', 'lingerMs');
    }
    this.sink = options.sink;
    this.scheduler = options.scheduler;
    this.lingerMs = options.lingerMs;
  }

  /** A room got its first local member: subscribe, or keep the lingering subscription. */
  onRoomCreated(roomId: string): void {
    if (this.disposed) return;
    const cancel = this.lingering.get(roomId);
    if (cancel !== undefined) {
      this.lingering.delete(roomId);
      cancel();
      return;
    }
    if (this.subscribed.has(roomId)) return;
    this.sink.subscribe(roomId);
    this.subscribed.add(roomId);
  }

  /** A room lost its last local member: unsubscribe after the linger unless it is re-joined. */
  onRoomDeleted(roomId: string): void {
    if (this.disposed || !this.subscribed.has(roomId) || this.lingering.has(roomId)) return;
    if (this.lingerMs === 0) {
      this.drop(roomId);
      return;
    }
    const cancel: Cancel = this.scheduler.schedule(() => {
      // A scheduler may still run a cancelled call; only the current linger may drop the room.
      if (this.lingering.get(roomId) === cancel) this.drop(roomId);
    }, this.lingerMs);
    this.lingering.set(roomId, cancel);
  }

  /** Whether the room's subjects are subscribed (true while lingering). */
  isSubscribed(roomId: string): boolean {
    return this.subscribed.has(roomId);
  }

  /** Whether the room is subscribed with no local member, waiting to be dropped. */
  isLingering(roomId: string): boolean {
    return this.lingering.has(roomId);
  }

  /** Rooms currently subscribed, lingering ones included. */
  get subscribedCount(): number {
    return this.subscribed.size;
  }

  /** Rooms currently lingering. */
  get lingeringCount(): number {
    return this.lingering.size;
  }

  /** Cancels every linger and unsubscribes every room; later events are ignored. */
  dispose(): void {
    this.disposed = true;
    for (const cancel of this.lingering.values()) cancel();
    this.lingering.clear();
    const rooms = [...this.subscribed];
    this.subscribed.clear();
    for (const roomId of rooms) this.sink.unsubscribe(roomId);
  }

  private drop(roomId: string): void {
    this.lingering.delete(roomId);
    this.subscribed.delete(roomId);
    this.sink.unsubscribe(roomId);
  }
}
