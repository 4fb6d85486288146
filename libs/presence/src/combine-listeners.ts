import type { PresenceListener } from './types';

/** Combines several presence listeners into one, called in the given order. */
export function combineListeners(...listeners: readonly PresenceListener[]): PresenceListener {
  // Pre-filter per event so the hot path loops only over listeners that care.
  const created = listeners.filter((l) => l.onRoomCreated !== undefined);
  const deleted = listeners.filter((l) => l.onRoomDeleted !== undefined);
  const counted = listeners.filter((l) => l.onCountChanged !== undefined);
  return {
    onRoomCreated(roomId) {
      for (const l of created) l.onRoomCreated?.(roomId);
    },
    onRoomDeleted(roomId) {
      for (const l of deleted) l.onRoomDeleted?.(roomId);
    },
    onCountChanged(roomId, delta) {
      for (const l of counted) l.onCountChanged?.(roomId, delta);
    },
  };
}
