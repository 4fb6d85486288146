import { ErrorCode, NatsError, type Msg, type NatsConnection } from 'nats';
import { ReplyInbox } from './reply-inbox';

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
  /** The reply subject every copy carries. */
  reply: string;
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
 * Replies come through one ReplyInbox, whose sweep handles deadlines and resends. Rejects
 * as `nc.request` does: TIMEOUT, and 503 no responders when nothing listens (told for the
 * first copy only: after a silent copy the outcome is unknown, so a later 503 waits for
 * the deadline).
 */
export class ReceiptedRequests {
  private readonly inbox: ReplyInbox<Waiting>;

  constructor(
    private readonly nc: NatsConnection,
    inboxPrefix: string,
    private readonly receiptHeader: string,
  ) {
    this.inbox = new ReplyInbox(nc, inboxPrefix, { reply: (msg, waiting, token) => this.settle(msg, waiting, token), sweep: (now, waiting, token) => this.check(now, waiting, token) }, SWEEP_MS);
  }

  /** Sends `data` on `subject`; resolves with the answer (not a receipt). `onResend` is told of each copy beyond the first. */
  request(subject: string, data: Uint8Array, options: ReceiptedRequestOptions, onResend?: () => void): Promise<Msg> {
    return new Promise((resolve, reject) => {
      const now = Date.now();
      const waiting: Waiting = { subject, data, reply: '', options, deadline: now + options.timeoutMs, resendAt: now + options.resendAfterMs, copies: 0, heard: false, resolve, reject, onResend };
      const { token, reply } = this.inbox.add(waiting);
      waiting.reply = reply;
      try {
        this.send(waiting);
      } catch (err) {
        this.inbox.delete(token);
        reject(err);
      }
    });
  }

  /** Requests not answered yet. */
  get inFlight(): number {
    return this.inbox.size;
  }

  private send(waiting: Waiting): void {
    waiting.copies++;
    this.nc.publish(waiting.subject, waiting.data, { reply: waiting.reply });
  }

  private settle(msg: Msg, waiting: Waiting, token: number): void {
    if (msg.data.length === 0 && msg.headers?.code === 503) {
      if (waiting.copies > 1) return;
      this.inbox.delete(token);
      return waiting.reject(NatsError.errorForCode(ErrorCode.NoResponders));
    }
    waiting.heard = true;
    if (msg.headers?.get(this.receiptHeader)) return;
    this.inbox.delete(token);
    waiting.resolve(msg);
  }

  /** At each sweep: the deadline, else one more copy while nobody was heard. */
  private check(now: number, waiting: Waiting, token: number): void {
    if (waiting.deadline <= now) {
      this.inbox.delete(token);
      waiting.reject(NatsError.errorForCode(ErrorCode.Timeout));
      return;
    }
    if (waiting.heard || waiting.copies >= waiting.options.maxCopies || waiting.resendAt > now) return;
    waiting.resendAt = now + waiting.options.resendAfterMs;
    try {
      this.send(waiting);
      waiting.onResend?.();
    } catch (err) {
      this.inbox.delete(token);
      waiting.reject(err);
    }
  }
}
