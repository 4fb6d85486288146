import { ErrorCode, NatsError, createInbox, headers, type Msg, type NatsConnection } from 'nats';

/** Where JetStream stored a message. */
export interface PublishAck {
  seq: number;
  duplicate: boolean;
}

/** How appends are sent and waited for. */
export interface PipelinedPublisherOptions {
  /** Prefix of this identity's reply subjects (the only inboxes it may subscribe to). */
  inboxPrefix: string;
  /** An ack not back within this long (unless a publish says otherwise) rejects with TIMEOUT, as `js.publish` does. */
  timeoutMs: number;
}

interface Waiting {
  resolve(ack: PublishAck): void;
  reject(err: unknown): void;
  deadline: number;
}

interface AckBody {
  seq?: number;
  duplicate?: boolean;
  error?: { code: number; err_code?: number; description: string };
}

const decoder = new TextDecoder();
/** How often late acks are looked for: a timeout fires up to this much after its deadline. */
const SWEEP_MS = 100;

/**
 * JetStream publishes with their acks in flight together: every publish carries a reply
 * subject under one inbox subscription, acks are matched back by token, and one sweep
 * times out the late ones. Unlike `js.publish` (a request each: a request object, a timer,
 * and an error object built even on success) a publish costs one header set and one map
 * entry. Errors are the ones `js.publish` rejects with: TIMEOUT, 503 no responders (no
 * stream bound the subject), and the stream's API error with `api_error`.
 */
export class PipelinedPublisher {
  private readonly inbox: string;
  private readonly waiting = new Map<number, Waiting>();
  private next = 0;
  private sweepTimer?: NodeJS.Timeout;

  constructor(
    private readonly nc: NatsConnection,
    private readonly streamName: string,
    private readonly options: PipelinedPublisherOptions,
  ) {
    this.inbox = createInbox(options.inboxPrefix);
    nc.subscribe(`${this.inbox}.*`, { callback: (err, msg) => (err ? undefined : this.settle(msg)) });
  }

  /** Appends `data` on `subject` with `msgId` as its Nats-Msg-Id; resolves once the stream stored it (or saw the id). */
  publish(subject: string, data: Uint8Array, msgId: string, timeoutMs = this.options.timeoutMs): Promise<PublishAck> {
    return new Promise((resolve, reject) => {
      const token = this.next++;
      const h = headers();
      h.set('Nats-Msg-Id', msgId);
      h.set('Nats-Expected-Stream', this.streamName);
      this.waiting.set(token, { resolve, reject, deadline: Date.now() + timeoutMs });
      try {
        this.nc.publish(subject, data, { reply: `${this.inbox}.${token}`, headers: h });
      } catch (err) {
        this.waiting.delete(token);
        reject(err);
        return;
      }
      this.sweepTimer ??= setInterval(() => this.sweep(), SWEEP_MS);
    });
  }

  /** Messages whose ack has not come back yet. */
  get inFlight(): number {
    return this.waiting.size;
  }

  private settle(msg: Msg): void {
    const token = Number(msg.subject.slice(this.inbox.length + 1));
    const waiting = this.waiting.get(token);
    if (waiting === undefined) return;
    this.waiting.delete(token);
    if (msg.data.length === 0 && msg.headers?.code === 503) return waiting.reject(NatsError.errorForCode(ErrorCode.NoResponders));
    let body: AckBody;
    try {
      body = JSON.parse(decoder.decode(msg.data)) as AckBody;
    } catch (err) {
      return waiting.reject(NatsError.errorForCode(ErrorCode.BadJson, err as Error));
    }
    if (body.error) {
      const err = new NatsError(body.error.description, String(body.error.code)) as NatsError & { api_error: AckBody['error'] };
      err.api_error = body.error;
      return waiting.reject(err);
    }
    if (typeof body.seq !== 'number') return waiting.reject(NatsError.errorForCode(ErrorCode.JetStreamInvalidAck));
    waiting.resolve({ seq: body.seq, duplicate: body.duplicate === true });
  }

  private sweep(): void {
    const now = Date.now();
    // O(in flight), bounded by ingest's MAX_IN_FLIGHT; per-call timeouts break deadline order.
    for (const [token, waiting] of this.waiting) {
      if (waiting.deadline > now) continue;
      this.waiting.delete(token);
      waiting.reject(NatsError.errorForCode(ErrorCode.Timeout));
    }
    if (this.waiting.size === 0) {
      clearInterval(this.sweepTimer);
      this.sweepTimer = undefined;
    }
  }
}
