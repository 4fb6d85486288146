import { emptyHistogram, record, type HistogramData } from './histogram';

/** An accepted message as a sender saw it (wall-clock ms, so comparable across processes). */
export interface AckRecord {
  seq: number;
  sentAt: number;
  ackedAt: number;
  priority: boolean;
}

/** What the join found. */
export interface E2eResult {
  /** Sender ack received → frame with the seq received, per (sample viewer, message), µs; clamped at 0. */
  fromAck: HistogramData;
  /** Sender emit → frame received, µs. */
  fromSend: HistogramData;
  /** Receipts that arrived before the sender's ack (their fromAck is counted as 0). */
  frameBeforeAck: number;
  /** Priority messages acked, times sample viewers: what should have been received. */
  priorityExpected: number;
  /** Of those, received by a sample viewer. */
  priorityReceived: number;
  /** Priority messages some sample viewer never received. */
  priorityMissedMessages: number;
  /** Receipts of seqs no sender here acked (other traffic, or acks lost to timeouts). */
  unmatchedReceipts: number;
}

interface Entry {
  sentAt: number;
  ackedAt: number;
  priority: boolean;
  receipts: number;
}

/**
 * Joins sender acks with sample viewers' receipts by seq. Both arrive in batches from
 * different processes in any order, so a receipt may come before its ack and waits;
 * `sweep` folds entries older than a horizon into the totals so memory stays bounded
 * on long runs. Each sample viewer receives a seq at most once.
 */
export class E2eJoiner {
  private readonly entries = new Map<number, Entry>();
  private readonly waiting = new Map<number, number[]>();
  private readonly result: E2eResult = {
    fromAck: emptyHistogram(),
    fromSend: emptyHistogram(),
    frameBeforeAck: 0,
    priorityExpected: 0,
    priorityReceived: 0,
    priorityMissedMessages: 0,
    unmatchedReceipts: 0,
  };

  constructor(private readonly sampleViewers: number) {}

  /** A sender's ack. */
  ack(a: AckRecord): void {
    const entry: Entry = { sentAt: a.sentAt, ackedAt: a.ackedAt, priority: a.priority, receipts: 0 };
    this.entries.set(a.seq, entry);
    const early = this.waiting.get(a.seq);
    if (!early) return;
    this.waiting.delete(a.seq);
    for (const receivedAt of early) this.match(entry, receivedAt);
  }

  /** A sample viewer received `seq` at `receivedAt`. */
  receipt(seq: number, receivedAt: number): void {
    const entry = this.entries.get(seq);
    if (entry) {
      this.match(entry, receivedAt);
      return;
    }
    const early = this.waiting.get(seq);
    if (early) early.push(receivedAt);
    else this.waiting.set(seq, [receivedAt]);
  }

  /** Folds acks older than `horizonMs` before `now` into the totals; drops receipts that waited as long. */
  sweep(now: number, horizonMs: number): void {
    const cutoff = now - horizonMs;
    for (const [seq, entry] of this.entries) {
      if (entry.ackedAt > cutoff) continue;
      this.settle(entry);
      this.entries.delete(seq);
    }
    for (const [seq, early] of this.waiting) {
      if (early[0] > cutoff) continue;
      this.result.unmatchedReceipts += early.length;
      this.waiting.delete(seq);
    }
  }

  /** Settles everything and returns the totals. */
  finish(): E2eResult {
    this.sweep(Infinity, 0);
    return this.result;
  }

  private match(entry: Entry, receivedAt: number): void {
    entry.receipts++;
    const fromAck = receivedAt - entry.ackedAt;
    if (fromAck < 0) this.result.frameBeforeAck++;
    record(this.result.fromAck, fromAck * 1000);
    record(this.result.fromSend, (receivedAt - entry.sentAt) * 1000);
  }

  private settle(entry: Entry): void {
    if (!entry.priority) return;
    const received = Math.min(entry.receipts, this.sampleViewers);
    this.result.priorityExpected += this.sampleViewers;
    this.result.priorityReceived += received;
    if (received < this.sampleViewers) this.result.priorityMissedMessages++;
  }
}
