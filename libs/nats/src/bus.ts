import { LivecastError, RECEIPT_HEADER, receiptedInboxOf, type Channel, type RequestChannel } from '@livecast/contracts';
import { ReportThrottle } from '@livecast/limits';
import { Empty, headers, type Msg, type NatsConnection, type Subscription } from 'nats';
import { decodeJson, decodeText, encodeJson, parseJson } from './codec';
import { ReceiptedRequests, type ReceiptedRequestOptions } from './receipted-requests';
import { noopObserver, type BusLogger, type BusObserver } from './types';

/** A message as a bus handler sees it: for its subject, and to reply to a request. */
export type BusMessage = Msg;

/** Handler of a validated bus message. */
export type BusHandler<T> = (payload: T, message: BusMessage) => void | Promise<void>;

/** A live subscription: `drain` lets handlers in flight finish. */
export interface BusSubscription {
  unsubscribe(): void;
  drain(): Promise<void>;
}

export interface SubscribeOptions {
  queue?: string;
  /** Called after a message that breaks the channel's contract was counted and logged (e.g. to reply INVALID). */
  onInvalid?: (message: BusMessage) => void;
}

/** One log line per channel and subject per this period, however many messages are dropped. */
const DROP_LOG_PERIOD_MS = 10_000;

/**
 * Typed publish/subscribe over the contracts' channels. Every inbound payload is decoded
 * and checked against its channel's contract before a handler sees it; what fails is
 * counted (every message), logged (once per channel and subject per period) and
 * dropped, never thrown into the subscription loop.
 */
export class Bus {
  private readonly dropLog = new ReportThrottle({ periodMs: DROP_LOG_PERIOD_MS, maxKeys: 10_000 });
  private receipted?: ReceiptedRequests;

  constructor(
    private readonly nc: NatsConnection,
    private readonly logger: BusLogger,
    private readonly observer: BusObserver = noopObserver,
    /** Prefix of this identity's reply subjects (the only inboxes it may subscribe to). */
    private readonly inboxPrefix = '_INBOX',
  ) {}

  publish<T>(channel: Channel<T>, payload: T): void {
    this.nc.publish(channel.subject, encodeJson(payload));
  }

  subscribe<T>(channel: Channel<T>, handler: BusHandler<T>, options: SubscribeOptions = {}): BusSubscription {
    return this.listen(channel, options, (msg) => {
      const payload = this.decode(channel, msg);
      if (payload === undefined) options.onInvalid?.(msg);
      else this.run(handler, payload, msg);
    });
  }

  /**
   * Like `subscribe`, and also hands the handler the payload's JSON text, for a caller that
   * forwards those bytes unchanged (the gateway writes a frame's JSON into every socket's
   * packet): the bytes are decoded once, for both.
   */
  subscribeWithJson<T>(channel: Channel<T>, handler: (payload: T, json: string) => void): BusSubscription {
    return this.listen(channel, {}, (msg) => {
      const json = decodeText(msg.data);
      const payload = this.decode(channel, msg, json);
      if (payload !== undefined) this.run((p: T) => handler(p, json), payload, msg);
    });
  }

  /** Sends a request and validates the reply against the channel's reply contract. */
  async request<Req, Rep>(channel: RequestChannel<Req, Rep>, payload: Req, timeoutMs: number): Promise<Rep> {
    const reply = await this.nc.request(channel.subject, encodeJson(payload), { timeout: timeoutMs });
    return channel.replyContract.parse(decodeJson(reply.data));
  }

  /**
   * A request sent again while neither a receipt nor the reply came (ReceiptedRequests):
   * for an idempotent request to a queue group whose responders send `receipt`s.
   */
  async requestWithReceipts<Req, Rep>(channel: RequestChannel<Req, Rep>, payload: Req, options: ReceiptedRequestOptions): Promise<Rep> {
    this.receipted ??= new ReceiptedRequests(this.nc, receiptedInboxOf(this.inboxPrefix), RECEIPT_HEADER);
    const reply = await this.receipted.request(channel.subject, encodeJson(payload), options, () => this.observer.resent?.(channel.name));
    return channel.replyContract.parse(decodeJson(reply.data));
  }

  /** Tells the requester the request arrived and its reply is coming (see requestWithReceipts). */
  receipt(message: BusMessage): void {
    if (!message.reply) return;
    const h = headers();
    h.set(RECEIPT_HEADER, '1');
    try {
      message.respond(Empty, { headers: h });
    } catch (err) {
      // A receipt is an optimisation: on a closing connection the requester's copies and timeout settle it.
      this.logger.warn({ err, subject: message.subject }, 'receipt not sent');
    }
  }

  /** Replies to a request received on `channel`. */
  reply<Req, Rep>(message: BusMessage, _channel: RequestChannel<Req, Rep>, payload: Rep): void {
    if (message.reply) message.respond(encodeJson(payload));
  }

  private listen(channel: Channel<unknown>, options: SubscribeOptions, onMessage: (msg: Msg) => void): Subscription {
    return this.nc.subscribe(channel.subject, {
      queue: options.queue,
      callback: (err, msg) => {
        if (err) this.logger.warn({ err, subject: channel.subject }, 'subscription error');
        else onMessage(msg);
      },
    });
  }

  /** Decodes and validates (the JSON text when the caller already has it); on failure records why and returns undefined. */
  private decode<T>(channel: Channel<T>, msg: Msg, json?: string): T | undefined {
    try {
      return channel.contract.parse(json === undefined ? decodeJson(msg.data) : parseJson(json));
    } catch (err) {
      const reason = err instanceof LivecastError ? err.message : String(err);
      this.observer.invalidMessage(channel.name, msg.subject, reason);
      this.dropped(channel.name, msg.subject, reason);
      return undefined;
    }
  }

  /** Logs a message dropped at the boundary, at most once per channel and subject per period. */
  dropped(channel: string, subject: string, reason: string): void {
    const heldBack = this.dropLog.take(`${channel} ${subject}`, Date.now());
    if (heldBack !== null) this.logger.warn({ channel, subject, reason, heldBack }, 'invalid bus message dropped');
  }

  private run<T>(handler: BusHandler<T>, payload: T, msg: Msg): void {
    try {
      const result = handler(payload, msg);
      if (result instanceof Promise) result.catch((err: unknown) => this.logger.error({ err, subject: msg.subject }, 'bus handler failed'));
    } catch (err) {
      this.logger.error({ err, subject: msg.subject }, 'bus handler failed');
    }
  }
}
