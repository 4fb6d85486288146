/** Cancels a scheduled call; calling it after the call ran, or twice, does nothing. */
export type Cancel = () => void;

/** Source of the current time in milliseconds, injected so tests control time. */
export interface Clock {
  now(): number;
}

/** Runs `fn` once after `ms` milliseconds; injected so tests use a fake and the lib owns no timers. */
export interface Scheduler {
  schedule(fn: () => void, ms: number): Cancel;
}

/**
 * Lifecycle events of a presence table. Each is emitted after the table's state is
 * updated, so a listener may read the table; a listener must not throw.
 */
export interface PresenceListener {
  /** A room got its first local member. */
  onRoomCreated?(roomId: string): void;
  /** A room lost its last local member. */
  onRoomDeleted?(roomId: string): void;
  /** A room's local member count changed by `delta` (+1 join, -1 leave). */
  onCountChanged?(roomId: string, delta: number): void;
}
