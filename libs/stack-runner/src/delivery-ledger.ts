/** How a message reached a client: in a live frame, or in the catch-up of a resume. */
export type Delivery = 'live' | 'resume';

/** A range of seqs a client was told it did not get: `(after, upTo]`. */
export interface VisibleGap {
  after: number;
  upTo: number;
}

/** A span of time `[from, to]` in ms since the epoch. */
export interface Span {
  from: number;
  to: number;
}

/** What one client saw of the messages acked during a fault. */
export interface ClientOutcome {
  client: string;
  /** Acked seqs it never showed. */
  missing: number[];
  /** Of those, the ones no visible gap (frame prevSeq, truncated resume) covers and shaping's counts do not account for. */
  silentlyMissing: number[];
  /** Missing seqs accounted for by the frames' `shaped.dropped` counts (shaping says how many, not which). */
  shapedAway: number;
  /** Shown seqs that came after a higher one. */
  outOfOrder: number;
  /** Seqs shown more than once (the SDK must make this 0). */
  shownTwice: number;
  /** Copies the client received beyond the first (in frames or catch-ups), which the SDK did not show again. */
  duplicatesSuppressed: number;
  resumes: number;
  gaps: number;
  /** Longest time without a newly shown acked message over the window (to the verdict while some are missing), in ms. */
  longestSilenceMs: number;
  /** The same, with the time the cluster could not serve (the excused spans) taken out of each silence. */
  longestOwnSilenceMs: number;
}

/** The verdict on one fault's traffic. */
export interface LedgerOutcome {
  acked: number;
  /** Longest time without an ack over the window, in ms. */
  sendStallMs: number;
  clients: ClientOutcome[];
  /** The worst client's longest silence: how long live delivery stalled. */
  stallMs: number;
  /** The worst client's longest silence beyond the excused spans: the stall the suite itself added. */
  ownStallMs: number;
}

interface ClientRecord {
  dropped: number;
  shown: { seq: number; at: number }[];
  copies: Map<number, number>;
  gaps: VisibleGap[];
  resumes: number;
  /** Frame watermarks as they rose: by `at` the client had heard of every seq up to `upTo`. */
  reached: { upTo: number; at: number }[];
}

/**
 * What a steady sender had acked and what each client showed while one fault ran, and
 * the verdict: nothing acked missing unless a gap the client saw covers it, nothing
 * shown twice or out of order, and how long the longest silence lasted. Pure: every
 * call carries its own timestamp.
 */
export class DeliveryLedger {
  private readonly acks = new Map<number, number>();
  private closedAt?: number;
  private readonly records = new Map<string, ClientRecord>();

  constructor(
    clients: readonly string[],
    /** When the fault began: silences count from here. */
    readonly startedAt: number,
  ) {
    for (const client of clients) this.records.set(client, { dropped: 0, shown: [], copies: new Map(), gaps: [], resumes: 0, reached: [] });
  }

  /** The sender got an ack for `seq` at `at`. */
  acked(seq: number, at: number): void {
    if (!this.acks.has(seq)) this.acks.set(seq, at);
  }

  /** Acks stop counting at `at`: the window whose silences are measured ends here. */
  close(at: number): void {
    this.closedAt ??= at;
  }

  /** `client` showed these messages at `at` (its SDK's `messages` event); a catch-up's copy counts as received too. */
  shown(client: string, seqs: readonly number[], at: number, via: Delivery): void {
    const record = this.record(client);
    for (const seq of seqs) record.shown.push({ seq, at });
    if (via === 'resume') this.received(client, seqs);
  }

  /** `client` received these seqs in frames, before its SDK de-duplicated them. */
  received(client: string, seqs: readonly number[]): void {
    const copies = this.record(client).copies;
    for (const seq of seqs) copies.set(seq, (copies.get(seq) ?? 0) + 1);
  }

  /** `client` was told seqs `(after, upTo]` did not reach it. */
  gap(client: string, after: number, upTo: number): void {
    if (upTo > after) this.record(client).gaps.push({ after, upTo });
  }

  /** A frame told `client` that shaping kept `count` messages off its screen. */
  dropped(client: string, count: number): void {
    this.record(client).dropped += count;
  }

  /** A frame reached `client` at `at` with watermark `upTo`: every seq up to it was shown, counted as dropped or skipped in a gap it tells. */
  reached(client: string, upTo: number, at: number): void {
    const reached = this.record(client).reached;
    if (upTo > (reached.at(-1)?.upTo ?? -Infinity)) reached.push({ upTo, at });
  }

  resumed(client: string): void {
    this.record(client).resumes++;
  }

  /**
   * The verdict at `now`. Silences run over the whole window, to `close` (or `now` while
   * open) unless every acked seq arrived: a sender that got no ack, or a client that showed
   * nothing, stalled throughout;
   * a client still silently missing acked seqs has been silent since its last arrival. `excused`:
   * spans in which the cluster itself could not serve (no leader for a stream or consumer
   * the path needs); they are taken out of each silence for `ownStallMs`.
   */
  outcome(now: number, excused: readonly Span[] = []): LedgerOutcome {
    const end = this.closedAt ?? now;
    const ackTimes = [...this.acks.values()].sort((a, b) => a - b);
    const clients = [...this.records.entries()].map(([client, record]) => this.clientOutcome(client, record, end, now, excused));
    return {
      acked: this.acks.size,
      sendStallMs: longestSilence(this.startedAt, [...ackTimes, end]),
      clients,
      stallMs: Math.max(0, ...clients.map((c) => c.longestSilenceMs)),
      ownStallMs: Math.max(0, ...clients.map((c) => c.longestOwnSilenceMs)),
    };
  }

  /** True once every client showed every acked seq (or was told of a gap covering it). */
  settled(): boolean {
    return this.outcome(this.startedAt).clients.every((c) => c.silentlyMissing.length === 0);
  }

  private clientOutcome(client: string, record: ClientRecord, end: number, now: number, excused: readonly Span[]): ClientOutcome {
    const firstShown = new Map<number, number>();
    let outOfOrder = 0;
    let shownTwice = 0;
    let highest = 0;
    for (const { seq, at } of record.shown) {
      if (firstShown.has(seq)) shownTwice++;
      else firstShown.set(seq, at);
      if (seq < highest) outOfOrder++;
      highest = Math.max(highest, seq);
    }
    const acked = [...this.acks.keys()].sort((a, b) => a - b);
    const missing = acked.filter((seq) => !firstShown.has(seq));
    const covered = (seq: number) => record.gaps.some((g) => seq > g.after && seq <= g.upTo);
    const uncovered = missing.filter((seq) => !covered(seq));
    const shapedAway = Math.min(record.dropped, uncovered.length);
    const silentlyMissing = uncovered.slice(shapedAway);
    // A seq arrives when it is shown or when a frame's watermark passes it (shown there, or told as dropped or skipped).
    const arrivalOf = (seq: number) => Math.min(firstShown.get(seq) ?? Infinity, record.reached.find((r) => r.upTo >= seq)?.at ?? Infinity);
    const arrivals = acked.map(arrivalOf).filter((at) => at !== Infinity);
    arrivals.sort((a, b) => a - b);
    // The silence stays open to the window's end while an acked seq never arrived, and to the verdict while one is missing silently.
    if (silentlyMissing.length > 0) arrivals.push(Math.max(now, end));
    else if (arrivals.length < acked.length || acked.length === 0) arrivals.push(end);
    let duplicatesSuppressed = 0;
    for (const [seq, copies] of record.copies) if (this.acks.has(seq)) duplicatesSuppressed += Math.max(0, copies - 1);
    return {
      client,
      missing,
      silentlyMissing,
      shapedAway,
      outOfOrder,
      shownTwice,
      duplicatesSuppressed,
      resumes: record.resumes,
      gaps: record.gaps.length,
      longestSilenceMs: longestSilence(this.startedAt, arrivals),
      longestOwnSilenceMs: longestSilence(this.startedAt, arrivals, excused),
    };
  }

  private record(client: string): ClientRecord {
    const record = this.records.get(client);
    if (!record) throw new Error(`unknown client ${client}`);
    return record;
  }
}

/** The longest interval between `from` and the first time, or between consecutive sorted times, less its overlap with `excused`. */
function longestSilence(from: number, times: readonly number[], excused: readonly Span[] = []): number {
  let longest = 0;
  let previous = from;
  for (const t of times) {
    longest = Math.max(longest, t - previous - overlap(previous, t, excused));
    previous = Math.max(previous, t);
  }
  return longest;
}

/** How much of `[from, to]` the spans cover (overlapping spans counted once). */
function overlap(from: number, to: number, spans: readonly Span[]): number {
  const clipped = spans
    .map((s) => ({ from: Math.max(from, s.from), to: Math.min(to, s.to) }))
    .filter((s) => s.to > s.from)
    .sort((a, b) => a.from - b.from);
  let covered = 0;
  let reached = from;
  for (const s of clipped) {
    if (s.to <= reached) continue;
    covered += s.to - Math.max(s.from, reached);
    reached = s.to;
  }
  return covered;
}
