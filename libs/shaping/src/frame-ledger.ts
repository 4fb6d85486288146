import type { ChatMessage, RoomFrame } from '@livecast/contracts';

/**
 * What the room's next frame accounts for, and the chain of frames already emitted.
 *
 * Invariants of the frames it builds (one ledger per room):
 * - every seq noted here (shown, dropped or liked) is accounted by exactly one frame;
 * - `fromSeq` is the lowest seq the frame accounts for;
 * - `toSeq` is the room's high watermark: the highest seq accounted by this frame or any
 *   earlier one, so it never decreases and `toSeq >= prevSeq`;
 * - `prevSeq` is the previous frame's `toSeq`; the ledger's first frame has none. After
 *   `lossBefore(seq)` the next frame's `prevSeq` is at least `seq - 1`, telling a client
 *   that saw less that messages in between may be gone (removed by retention unread).
 * A frame may hold priority messages with seq <= prevSeq: they were deferred for budget
 * and are accounted here, where they are shown. Clients chain frames by prevSeq, show
 * late messages, and de-duplicate by seq.
 */
export class FrameLedger {
  private minSeq = Infinity;
  private maxSeq = -Infinity;
  private dropped = 0;
  private likes = 0;
  private lastToSeq: number | undefined;
  private lossFloor: number | undefined;

  /** True when nothing has been noted since the last frame. */
  get isEmpty(): boolean {
    return this.minSeq === Infinity;
  }

  /** Lowest seq noted for the next frame; Infinity when empty. */
  get oldestSeq(): number {
    return this.minSeq;
  }

  /** Notes a message kept off the live view. */
  drop(seq: number): void {
    this.note(seq);
    this.dropped++;
  }

  /** Messages of the room below `seq` that this ledger never saw may be gone: the next frame shows a gap up to `seq - 1`. */
  lossBefore(seq: number): void {
    this.lossFloor = Math.max(this.lossFloor ?? -Infinity, seq - 1);
  }

  /** Notes a like folded into the counter. */
  like(seq: number): void {
    this.note(seq);
    this.likes++;
  }

  /**
   * Builds the frame showing `messages` (seq-sorted) plus everything noted since the last
   * frame, then starts afresh; null when there is nothing to account for.
   */
  close(roomId: string, messages: ChatMessage[], online: number | undefined): RoomFrame | null {
    if (messages.length > 0) {
      this.note(messages[0].seq);
      this.note(messages[messages.length - 1].seq);
    }
    if (this.isEmpty) return null;
    const prevSeq = this.lossFloor === undefined ? this.lastToSeq : Math.max(this.lastToSeq ?? -Infinity, this.lossFloor);
    this.lossFloor = undefined;
    const toSeq = prevSeq === undefined ? this.maxSeq : Math.max(prevSeq, this.maxSeq);
    const frame: RoomFrame = { roomId, fromSeq: this.minSeq, toSeq, messages, shaped: { dropped: this.dropped, likes: this.likes } };
    if (prevSeq !== undefined) frame.prevSeq = prevSeq;
    if (online !== undefined) frame.online = online;
    this.lastToSeq = toSeq;
    this.minSeq = Infinity;
    this.maxSeq = -Infinity;
    this.dropped = 0;
    this.likes = 0;
    return frame;
  }

  private note(seq: number): void {
    if (seq < this.minSeq) this.minSeq = seq;
    if (seq > this.maxSeq) this.maxSeq = seq;
  }
}
