import type { ChatMessage, RoomFrame } from '@livecast/contracts/client';
import { SeenSeqs } from './seen-seqs';
import type { GapInfo } from './types';

/** What one frame adds for the viewer. */
export interface FrameIntake {
  /** The frame's messages this session had not seen, in frame order. */
  fresh: ChatMessage[];
  /** Set when the frame shows that an earlier frame was missed. */
  gap?: GapInfo;
}

/**
 * One room's position in the message stream, as a client sees it. Rules (the frame
 * chain of libs/shaping/src/frame-ledger.ts):
 * - the watermark is the highest `toSeq` of any frame, or `lastSeq` of a join ack: every
 *   seq at or below it was either shown or accounted for (shaped away, or in history);
 *   a resume asks for what came after it;
 * - a frame whose `prevSeq` is above the watermark proves a frame in between was missed;
 *   a missing `prevSeq` (first frame of a new fan-out owner) is accepted, and a `prevSeq`
 *   below it is not a loss (a join's `lastSeq` can be ahead of frames still in flight);
 * - a message is shown once per seq, even when it is older than the watermark (a
 *   priority message deferred by shaping, an echo, a catch-up), except one the frame
 *   lists as `replayed` (a new fan-out owner's replay of what the last owner's frames
 *   may have shown or dropped) that is at or below the watermark: the earlier frames
 *   accounted for it.
 */
export class RoomSequence {
  private readonly seen: SeenSeqs;
  private mark: number | undefined;

  constructor(seenCapacity?: number) {
    this.seen = new SeenSeqs(seenCapacity);
  }

  /** The highest stream position accounted for; 0 before any join or frame. */
  get watermark(): number {
    return this.mark ?? 0;
  }

  /** Takes a join or resume ack: its history counts as seen and the chain continues from `lastSeq`. Returns the unseen history. */
  anchor(history: readonly ChatMessage[], lastSeq: number): ChatMessage[] {
    const fresh = this.unseen(history);
    this.advance(lastSeq);
    return fresh;
  }

  /** The gap `frame` would show (its `prevSeq` above the watermark), without taking it. */
  gapBefore(frame: RoomFrame): GapInfo | undefined {
    const mark = this.mark;
    return mark !== undefined && frame.prevSeq !== undefined && frame.prevSeq > mark ? { expectedPrev: mark, got: frame.prevSeq } : undefined;
  }

  /** Takes a frame: checks the chain, advances the watermark, and returns what is new. */
  frame(frame: RoomFrame): FrameIntake {
    const mark = this.mark;
    const gap = this.gapBefore(frame);
    this.advance(frame.toSeq);
    const replayed = mark === undefined || frame.replayed === undefined ? undefined : new Set(frame.replayed.filter((seq) => seq <= mark));
    const fresh = this.unseen(replayed?.size ? frame.messages.filter((m) => !replayed.has(m.seq)) : frame.messages);
    return gap ? { fresh, gap } : { fresh };
  }

  /** Marks messages as seen and returns those that were not, in input order. */
  unseen(messages: readonly ChatMessage[]): ChatMessage[] {
    const fresh: ChatMessage[] = [];
    for (const message of messages) if (this.seen.add(message.seq)) fresh.push(message);
    return fresh;
  }

  private advance(seq: number): void {
    if (this.mark === undefined || seq > this.mark) this.mark = seq;
  }
}
