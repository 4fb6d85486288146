import type { ChatMessage } from '@livecast/contracts';
import { isUrgent } from './classify';
import { Fifo } from './fifo';

/**
 * Priority messages waiting for budget, in two tiers: urgent (system and staff) ahead of
 * gifts, each oldest first. Messages arrive in seq order, so each tier stays seq-sorted.
 * Nothing leaves except by `take` — or, past `cap`, by shedding: the oldest gift first,
 * then the oldest urgent message, returned to the caller so it can be accounted.
 */
export class PriorityQueue {
  private readonly urgent = new Fifo<ChatMessage>();
  private readonly gifts = new Fifo<ChatMessage>();

  constructor(private readonly cap: number) {}

  /** Messages waiting. */
  get size(): number {
    return this.urgent.size + this.gifts.size;
  }

  /** Lowest seq waiting in either tier; Infinity when empty. */
  get oldestSeq(): number {
    return Math.min(this.urgent.peek()?.seq ?? Infinity, this.gifts.peek()?.seq ?? Infinity);
  }

  /** Queues a priority message; returns the message shed to stay within the cap, if any. */
  push(msg: ChatMessage): ChatMessage | undefined {
    (isUrgent(msg) ? this.urgent : this.gifts).push(msg);
    if (this.size <= this.cap) return undefined;
    return this.gifts.size > 0 ? this.gifts.shift() : this.urgent.shift();
  }

  /** Moves up to `n` messages, urgent tier first, onto `out`; returns how many. */
  take(n: number, out: ChatMessage[]): number {
    let taken = 0;
    while (taken < n) {
      const msg = this.urgent.size > 0 ? this.urgent.shift() : this.gifts.shift();
      if (msg === undefined) break;
      out.push(msg);
      taken++;
    }
    return taken;
  }
}
