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
 * connection looks exactly like this, and no client event reports it. A consumer that
 * cannot even be sampled several times in a row (no leader answers) counts as lost too.
 */
export class FeedProgress {
  private last?: FeedSample;
  private failures = 0;

  /** `maxFailures`: consecutive failed samples after which the consumer counts as lost (its leader unreachable). */
  constructor(
    private readonly maxAckPending: number,
    private readonly maxFailures = 3,
  ) {}

  /** A sample could not be taken; true once `maxFailures` failed in a row. */
  failed(): boolean {
    this.last = undefined;
    return ++this.failures >= this.maxFailures;
  }

  /** Takes a sample; true when the feed is stalled. */
  stalled(sample: FeedSample): boolean {
    this.failures = 0;
    const previous = this.last;
    this.last = sample;
    if (!previous) return false;
    const waiting = previous.pending > 0 && sample.pending > 0;
    const moved = sample.deliveredSeq !== previous.deliveredSeq;
    const heldBack = sample.ackPending >= this.maxAckPending;
    return waiting && !moved && !heldBack;
  }
}
