/** How a hedged request sends its copies and what settles it. */
export interface HedgeOptions<T> {
  /** The whole request's time: every copy times out by then. */
  timeoutMs: number;
  /** Without any answer this long after the last copy went out, one more goes out. */
  hedgeAfterMs: number;
  /** Copies in all, the first included. */
  maxCopies: number;
  /** An answer that settles the request at once; any other waits for the copies still out. */
  conclusive(answer: T): boolean;
  /** Told when a copy beyond the first goes out. */
  onHedge?(copy: number): void;
}

/**
 * A request whose copies may land where nobody can answer: nats-server 2.9 keeps routing a
 * share of a queue group's requests to a member on a paused node for the whole pause
 * (measured: 1 in 3 of them with three members). Hedging sends the same request again
 * after `hedgeAfterMs` of silence, up to `maxCopies`, so a lost copy costs that long, not
 * the whole timeout. The request must be idempotent (ingest de-duplicates by clientMsgId).
 *
 * Copies go out only while all is silent: an answer or a failure from any copy stops
 * them. The first conclusive answer settles the request. An inconclusive one (a refusal)
 * waits for the copies still out, since one of them may have been handled after all:
 * their conclusive answer wins, else a failure among them (the outcome is unknown), else
 * the first inconclusive answer. `send` gets each copy's timeout: what is left of
 * `timeoutMs`.
 */
export function hedged<T>(send: (timeoutMs: number) => Promise<T>, options: HedgeOptions<T>): Promise<T> {
  const started = Date.now();
  return new Promise<T>((resolve, reject) => {
    let sent = 0;
    let outstanding = 0;
    let settled = false;
    let heard = false;
    let timer: NodeJS.Timeout | undefined;
    let inconclusive: { answer: T } | undefined;
    let failure: { err: unknown } | undefined;

    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      finish();
    };
    const concludeIfDone = () => {
      if (outstanding > 0 || settled) return;
      if (failure) settle(() => reject(failure?.err));
      else if (inconclusive) settle(() => resolve((inconclusive as { answer: T }).answer));
    };
    const hear = () => {
      heard = true;
      clearTimeout(timer);
    };
    const launch = () => {
      const remaining = options.timeoutMs - (Date.now() - started);
      sent++;
      outstanding++;
      if (sent > 1) options.onHedge?.(sent);
      send(Math.max(1, remaining)).then(
        (answer) => {
          outstanding--;
          hear();
          if (options.conclusive(answer)) return settle(() => resolve(answer));
          inconclusive ??= { answer };
          concludeIfDone();
        },
        (err: unknown) => {
          outstanding--;
          hear();
          failure ??= { err };
          concludeIfDone();
        },
      );
      if (sent < options.maxCopies && remaining > options.hedgeAfterMs) {
        timer = setTimeout(() => {
          if (!heard && !settled) launch();
        }, options.hedgeAfterMs);
      }
    };
    launch();
  });
}
