import type { ChatMessage } from '@livecast/contracts';

/**
 * The last `capacity` messages of one room, in seq order, without duplicates. Fed by the
 * frames a gateway receives and seeded once from the stream, so many viewers joining
 * the same room cost one history read. Frames arrive in seq order almost always, so
 * `add` is an append; an older seq (a deferred priority message) is inserted in place.
 */
export class RecentMessages {
  private readonly messages: ChatMessage[] = [];

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.messages.length;
  }

  /** Highest seq held, 0 when empty. */
  get newestSeq(): number {
    return this.messages.length === 0 ? 0 : this.messages[this.messages.length - 1].seq;
  }

  add(message: ChatMessage): void {
    const list = this.messages;
    if (list.length === 0 || message.seq > list[list.length - 1].seq) {
      list.push(message);
    } else {
      const at = this.indexOfFirstAtLeast(message.seq);
      if (list[at]?.seq === message.seq) return;
      if (at === 0 && list.length >= this.capacity) return;
      list.splice(at, 0, message);
    }
    if (list.length > this.capacity) list.shift();
  }

  addAll(messages: readonly ChatMessage[]): void {
    for (const message of messages) this.add(message);
  }

  /** The newest `count` messages, oldest first. */
  latest(count: number): ChatMessage[] {
    return count <= 0 ? [] : this.messages.slice(-count);
  }

  private indexOfFirstAtLeast(seq: number): number {
    let low = 0;
    let high = this.messages.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.messages[mid].seq < seq) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
