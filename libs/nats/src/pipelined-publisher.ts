import { ErrorCode, NatsError, headers, type Msg, type NatsConnection } from 'nats';
import { ReplyInbox } from './reply-inbox';

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
 * subject of one ReplyInbox, acks are matched back by token, and its sweep times out the
 * late ones. Unlike `js.publish` (a request each: a request object, a timer,
 * and an error object built even on success) a publish costs one header set and one map
 * entry. Errors are the ones `js.publish` rejects with: TIMEOUT, 503 no responders (no
 * stream bound the subject), and the stream's API error with `api_error`.
 */
export class PipelinedPublisher {
  private readonly inbox: ReplyInbox<Waiting>;

  constructor(
    private readonly nc: NatsConnection,
    private readonly streamName: string,
    private readonly options: PipelinedPublisherOptions,
  ) {
    this.inbox = new ReplyInbox(nc, options.inboxPrefix, { reply: (msg, waiting, token) => this.settle(msg, waiting, token), sweep: (now, waiting, token) => this.expire(now, waiting, token) }, SWEEP_MS);
  }

  /** Appends `data` on `subject` with `msgId` as its Nats-Msg-Id; resolves once the stream stored it (or saw the id). */
  publish(subject: string, data: Uint8Array, msgId: string, timeoutMs = this.options.timeoutMs): Promise<PublishAck> {
    return new Promise((resolve, reject) => {
      const h = headers();
      h.set('Nats-Msg-Id', msgId);
      h.set('Nats-Expected-Stream', this.streamName);
      const { token, reply } = this.inbox.add({ resolve, reject, deadline: Date.now() + timeoutMs });
      try {
        this.nc.publish(subject, data, { reply, headers: h });
      } catch (err) {
        this.inbox.delete(token);
        reject(err);
      }
    });
  }

  /** Messages whose ack has not come back yet. */
  get inFlight(): number {
    return this.inbox.size;
  }

  private settle(msg: Msg, waiting: Waiting, token: number): void {
    this.inbox.delete(token);
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

  /** At each sweep, O(in flight) (bounded by ingest's MAX_IN_FLIGHT): per-call timeouts break deadline order. */
  private expire(now: number, waiting: Waiting, token: number): void {
    if (waiting.deadline > now) return;
    this.inbox.delete(token);
    waiting.reject(NatsError.errorForCode(ErrorCode.Timeout));
  }
}
