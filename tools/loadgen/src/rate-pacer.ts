/**
 * Paces operations at a target rate from one periodic timer instead of a timer per
 * operation: each tick asks how many operations are due. Operations that could not be
 * issued stay due, but at most `maxBacklog` of them, so a stall is not followed by a
 * burst that the measured service never asked for; what falls off is counted as missed.
 */
export class RatePacer {
  private issued = 0;
  private dropped = 0;

  /**
   * @param ratePerSec target operations per second (> 0)
   * @param startMs time the schedule starts, in the same clock `due` is called with
   * @param maxBacklog most operations allowed to be due at once
   */
  constructor(
    private readonly ratePerSec: number,
    private readonly startMs: number,
    private readonly maxBacklog = Math.max(1, Math.ceil(ratePerSec / 10)),
  ) {
    if (!(ratePerSec > 0)) throw new RangeError(`rate must be > 0, got ${ratePerSec}`);
  }

  /** Operations due at `nowMs` that have not been issued yet. */
  due(nowMs: number): number {
    const scheduled = Math.floor(((nowMs - this.startMs) * this.ratePerSec) / 1000) - this.dropped;
    let owed = scheduled - this.issued;
    if (owed > this.maxBacklog) {
      this.dropped += owed - this.maxBacklog;
      owed = this.maxBacklog;
    }
    return owed > 0 ? owed : 0;
  }

  /** Records that `n` of the due operations were issued. */
  issue(n: number): void {
    this.issued += n;
  }

  /** Operations issued so far. */
  get issuedCount(): number {
    return this.issued;
  }

  /** Operations that fell off the backlog (never issued). */
  get missedCount(): number {
    return this.dropped;
  }
}
