import { ErrorCode, NatsError, createInbox, type Msg, type NatsConnection } from 'nats';

/** How one request is sent again while nobody is heard from. */
export interface ReceiptedRequestOptions {
  /** The answer must be back within this long. */
  timeoutMs: number;
  /** With neither a receipt nor an answer this long after a copy went out, another goes out. */
  resendAfterMs: number;
  /** Copies in all, the first included. */
  maxCopies: number;
}

interface Waiting {
  readonly subject: string;
  readonly data: Uint8Array;
  readonly options: ReceiptedRequestOptions;
  readonly deadline: number;
  resendAt: number;
  copies: number;
  /** A receipt or an answer came: somebody has the request, no more copies. */
  heard: boolean;
  onResend?: () => void;
  resolve(msg: Msg): void;
  reject(err: unknown): void;
}

/** How often deadlines and resends are looked at: either may fire up to this much late. */
const SWEEP_MS = 50;

/**
 * Requests to a queue group whose member may not be reachable although the bus still
 * routes to it: nats-server 2.9 keeps handing a member on a paused node its share of the
 * group's requests for the whole pause (measured: 1 in 3 with three members). The
 * responder sends a receipt (an empty message with `receiptHeader`) when its answer will
 * take long; a request with neither receipt nor answer after `resendAfterMs` is sent
 * again, to the same reply subject, so a copy the bus lost costs that long instead of the
 * whole timeout. Requests must be idempotent: a copy can reach a responder that was only
 * slow to send its receipt.
 *
 * One inbox subscription for every request, replies matched by token, one sweep for
 * deadlines and resends: no per-request subscription or timer. Rejects as `nc.request`
 * does: TIMEOUT, and 503 no responders when nothing listens (told for the first copy only:
 * after a silent copy the outcome is unknown, so a later 503 waits for the deadline).
 */
export class ReceiptedRequests {
  private readonly inbox: string;
  private readonly waiting = new Map<number, Waiting>();
  private next = 0;
  private sweepTimer?: NodeJS.Timeout;

  constructor(
    private readonly nc: NatsConnection,
    inboxPrefix: string,
    private readonly receiptHeader: string,
  ) {
    this.inbox = createInbox(inboxPrefix);
    nc.subscribe(`${this.inbox}.*`, { callback: (err, msg) => (err ? undefined : this.settle(msg)) });
  }

  /** Sends `data` on `subject`; resolves with the answer (not a receipt). `onResend` is told of each copy beyond the first. */
  request(subject: string, data: Uint8Array, options: ReceiptedRequestOptions, onResend?: () => void): Promise<Msg> {
    return new Promise((resolve, reject) => {
      const token = this.next++;
      const now = Date.now();
      const waiting: Waiting = { subject, data, options, deadline: now + options.timeoutMs, resendAt: now + options.resendAfterMs, copies: 0, heard: false, resolve, reject, onResend };
      this.waiting.set(token, waiting);
      try {
        this.send(token, waiting);
      } catch (err) {
        this.waiting.delete(token);
        reject(err);
        return;
      }
      this.sweepTimer ??= setInterval(() => this.sweep(), SWEEP_MS);
    });
  }

  /** Requests not answered yet. */
  get inFlight(): number {
    return this.waiting.size;
  }

  private send(token: number, waiting: Waiting): void {
    waiting.copies++;
    this.nc.publish(waiting.subject, waiting.data, { reply: `${this.inbox}.${token}` });
  }

  private settle(msg: Msg): void {
    const token = Number(msg.subject.slice(this.inbox.length + 1));
    const waiting = this.waiting.get(token);
    if (waiting === undefined) return;
    if (msg.data.length === 0 && msg.headers?.code === 503) {
      if (waiting.copies > 1) return;
      this.waiting.delete(token);
      return waiting.reject(NatsError.errorForCode(ErrorCode.NoResponders));
    }
    waiting.heard = true;
    if (msg.headers?.get(this.receiptHeader)) return;
    this.waiting.delete(token);
    waiting.resolve(msg);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [token, waiting] of this.waiting) {
      if (waiting.deadline <= now) {
        this.waiting.delete(token);
        waiting.reject(NatsError.errorForCode(ErrorCode.Timeout));
      } else if (!waiting.heard && waiting.copies < waiting.options.maxCopies && waiting.resendAt <= now) {
        waiting.resendAt = now + waiting.options.resendAfterMs;
        try {
          this.send(token, waiting);
          waiting.onResend?.();
        } catch (err) {
          this.waiting.delete(token);
          waiting.reject(err);
        }
      }
    }
    if (this.waiting.size === 0) {
      clearInterval(this.sweepTimer);
      this.sweepTimer = undefined;
    }
  }
}
