/** One look at a consumer from the server's side. */
export interface FeedSample {
  /** Messages the consumer has not delivered yet. */
  pending: number;
  /** Highest stream sequence delivered so far. */
  deliveredSeq: number;
  /** Delivered and not yet acknowledged. */
  ackPending: number;
}

/**
 * Tells a consumer that stopped delivering from one that is idle or held back on
 * purpose: stalled when it had messages waiting at two consecutive samples, delivered
 * nothing in between and was not at its ack-pending limit (there, the holder's acks
 * are what is missing, not the pulls). A pull request lost with a consumer leader or a
 * connection looks exactly like this, and no client event reports it.
 */
export class FeedProgress {
  private last?: FeedSample;

  constructor(private readonly maxAckPending: number) {}

  /** Takes a sample; true when the feed is stalled. */
  stalled(sample: FeedSample): boolean {
    const previous = this.last;
    this.last = sample;
    if (!previous) return false;
    const waiting = previous.pending > 0 && sample.pending > 0;
    const moved = sample.deliveredSeq !== previous.deliveredSeq;
    const heldBack = sample.ackPending >= this.maxAckPending;
    return waiting && !moved && !heldBack;
  }
}
