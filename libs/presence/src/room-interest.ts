import { ErrorCode, LivecastError } from '@livecast/contracts';
import type { Cancel, PresenceListener, Scheduler } from './types';

/** Where room interest ends up: the gateway's NATS subscriptions for a room's subjects. */
export interface InterestSink<T = void> {
  /** Start receiving the room's subjects, returning what is held while subscribed; must not throw. */
  subscribe(roomId: string): T;
  /** Stop receiving the room's subjects; must not throw. */
  unsubscribe(roomId: string, held: T): void;
}

/** Collaborators and timing of room interest. */
export interface RoomInterestOptions<T = void> {
  sink: InterestSink<T>;
  scheduler: Scheduler;
  /** How long a room stays subscribed after its last local member left; 0 unsubscribes at once. */
  lingerMs: number;
}

/**
 * Decides when the gateway subscribes to a room: at once on its first local member, and
 * only `lingerMs` after its last one left, so a room flapping between 0 and 1 viewers
 * keeps one subscription instead of churning. Feed it from a PresenceTable listener, or
 * from the table's results (`acquire` on a join, `release` when a leave was the last).
 * What the sink returns for a room is held while it is subscribed.
 */
export class RoomInterest<T = void> implements PresenceListener {
  private readonly subscribed = new Map<string, T>();
  // Invariant: every key of `lingering` is also in `subscribed`.
  private readonly lingering = new Map<string, Cancel>();
  private readonly sink: InterestSink<T>;
  private readonly scheduler: Scheduler;
  private readonly lingerMs: number;
  private disposed = false;

  constructor(options: RoomInterestOptions<T>) {
    if (!Number.isFinite(options.lingerMs) || options.lingerMs < 0) {
      throw new LivecastError(ErrorCode.Invalid, 'lingerMs must be a finite number >= 0', 'lingerMs');
    }
    this.sink = options.sink;
    this.scheduler = options.scheduler;
    this.lingerMs = options.lingerMs;
  }

  /** A room got its first local member: subscribe, or keep the lingering subscription. */
  onRoomCreated(roomId: string): void {
    if (!this.disposed) this.acquire(roomId);
  }

  /**
   * The room has a local member: what is held for its subscription, subscribing now if it
   * is not subscribed and cancelling its linger if it lingers. Idempotent. Throws
   * UNAVAILABLE once disposed.
   */
  acquire(roomId: string): T {
    if (this.disposed) throw new LivecastError(ErrorCode.Unavailable, 'shutting down: no new room subscriptions');
    const cancel = this.lingering.get(roomId);
    if (cancel !== undefined) {
      this.lingering.delete(roomId);
      cancel();
    }
    if (this.subscribed.has(roomId)) return this.subscribed.get(roomId) as T;
    const held = this.sink.subscribe(roomId);
    this.subscribed.set(roomId, held);
    return held;
  }

  /** What is held for the room while it is subscribed (lingering included). */
  held(roomId: string): T | undefined {
    return this.subscribed.get(roomId);
  }

  /** The room lost its last local member: unsubscribe after the linger unless it is acquired again. */
  release(roomId: string): void {
    this.onRoomDeleted(roomId);
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
    for (const [roomId, held] of rooms) this.sink.unsubscribe(roomId, held);
  }

  private drop(roomId: string): void {
    const held = this.subscribed.get(roomId) as T;
    this.lingering.delete(roomId);
    this.subscribed.delete(roomId);
    this.sink.unsubscribe(roomId, held);
  }
}
