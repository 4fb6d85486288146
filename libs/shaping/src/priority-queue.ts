import type { ChatMessage } from '@livecast/contracts';
import { isUrgent } from './classify';
import { Fifo } from './fifo';

/** A queued message and when it was queued (the shaper's clock). */
interface Waiting {
  msg: ChatMessage;
  since: number;
}

/**
 * Priority messages waiting for budget, in two tiers: urgent (system and staff) ahead of
 * gifts, each oldest first. Messages arrive in seq order, so each tier stays seq-sorted.
 * Nothing leaves except by `take` — or by shedding, returned to the caller so it can be
 * accounted: past `cap` the oldest gift first, then the oldest urgent message; and by
 * `shedOlderThan`, whatever has waited too long to be live.
 */
export class PriorityQueue {
  private readonly urgent = new Fifo<Waiting>();
  private readonly gifts = new Fifo<Waiting>();

  constructor(private readonly cap: number) {}

  /** Messages waiting. */
  get size(): number {
    return this.urgent.size + this.gifts.size;
  }

  /** Lowest seq waiting in either tier; Infinity when empty. */
  get oldestSeq(): number {
    return Math.min(this.urgent.peek()?.msg.seq ?? Infinity, this.gifts.peek()?.msg.seq ?? Infinity);
  }

  /** Queues a priority message at `now`; returns the message shed to stay within the cap, if any. */
  push(msg: ChatMessage, now: number): ChatMessage | undefined {
    (isUrgent(msg) ? this.urgent : this.gifts).push({ msg, since: now });
    if (this.size <= this.cap) return undefined;
    return (this.gifts.size > 0 ? this.gifts.shift() : this.urgent.shift())?.msg;
  }

  /** Removes every message queued before `cutoff`, handing each to `onShed` (each tier is in queueing order); returns how many. */
  shedOlderThan(cutoff: number, onShed: (msg: ChatMessage) => void): number {
    let shed = 0;
    for (const tier of [this.urgent, this.gifts]) {
      while ((tier.peek()?.since ?? Infinity) < cutoff) {
        onShed((tier.shift() as Waiting).msg);
        shed++;
      }
    }
    return shed;
  }

  /** Moves up to `n` messages, urgent tier first, onto `out`; returns how many. */
  take(n: number, out: ChatMessage[]): number {
    let taken = 0;
    while (taken < n) {
      const waiting = this.urgent.size > 0 ? this.urgent.shift() : this.gifts.shift();
      if (waiting === undefined) break;
      out.push(waiting.msg);
      taken++;
    }
    return taken;
  }
}
