import type { MessageKind } from '@livecast/contracts';

/** Per-kind message counts. */
export type KindCounts = Record<MessageKind, number>;

/**
 * Running totals of one room shaper. For every kind, once the room is flushed:
 * `pushed == shown + dropped` (chat, gift, system) and `pushed.like == likes`.
 */
export interface ShaperStats {
  /** Messages accepted by `push` (duplicates excluded). */
  readonly pushed: KindCounts;
  /** Messages emitted in a frame's `messages`. */
  readonly shown: KindCounts;
  /** Messages counted in a frame's `shaped.dropped`: chat over budget, or priority shed (queue cap, waited too long). */
  readonly dropped: KindCounts;
  /** Likes folded into frames' `shaped.likes`. */
  likes: number;
  /** Priority messages shed because the queue hit `priorityQueueCap` or waited past `priorityMaxWaitMs` (also in `dropped`). */
  priorityShed: number;
  /** Pushes ignored because their seq was not above the last one pushed (redeliveries). */
  duplicates: number;
  /** Frames emitted. */
  frames: number;
}

/** A zeroed stats record. */
export function createShaperStats(): ShaperStats {
  const zero = (): KindCounts => ({ chat: 0, gift: 0, like: 0, system: 0 });
  return { pushed: zero(), shown: zero(), dropped: zero(), likes: 0, priorityShed: 0, duplicates: 0, frames: 0 };
}
