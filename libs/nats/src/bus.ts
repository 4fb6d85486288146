import { busValidators, LivecastError, type BusChannel, type BusPayloads } from '@livecast/contracts';
import type { Msg, NatsConnection, Subscription } from 'nats';
import { decodeJson, encodeJson } from './codec';
import { noopObserver, type BusLogger, type BusObserver } from './types';

/** Handler of a validated bus message; `msg` is there for replies and headers. */
export type BusHandler<K extends BusChannel> = (payload: BusPayloads[K], msg: Msg) => void | Promise<void>;

/**
 * Typed publish/subscribe over the contracts' channel map. Every inbound payload is
 * decoded and checked against its channel's schema before a handler sees it; what
 * fails is counted, logged and dropped, never thrown into the subscription loop.
 */
export class Bus {
  constructor(
    readonly nc: NatsConnection,
    private readonly logger: BusLogger,
    private readonly observer: BusObserver = noopObserver,
  ) {}

  publish<K extends BusChannel>(_channel: K, subject: string, payload: BusPayloads[K]): void {
    this.nc.publish(subject, encodeJson(payload));
  }

  subscribe<K extends BusChannel>(channel: K, subject: string, handler: BusHandler<K>, options: { queue?: string } = {}): Subscription {
    return this.nc.subscribe(subject, {
      queue: options.queue,
      callback: (err, msg) => {
        if (err) {
          this.logger.warn({ err, subject }, 'subscription error');
          return;
        }
        const payload = this.decode(channel, msg);
        if (payload === undefined) return;
        this.run(handler, payload, msg);
      },
    });
  }

  /** Sends a request and validates the reply against `replyChannel`. */
  async request<K extends BusChannel, R extends BusChannel>(
    _channel: K,
    subject: string,
    payload: BusPayloads[K],
    replyChannel: R,
    timeoutMs: number,
  ): Promise<BusPayloads[R]> {
    const reply = await this.nc.request(subject, encodeJson(payload), { timeout: timeoutMs });
    return busValidators[replyChannel].parse(decodeJson(reply.data));
  }

  /** Replies to a request with a payload of the given channel. */
  respond<K extends BusChannel>(msg: Msg, _channel: K, payload: BusPayloads[K]): void {
    if (msg.reply) msg.respond(encodeJson(payload));
  }

  /** Decodes and validates; on failure records why and returns undefined. */
  decode<K extends BusChannel>(channel: K, msg: Msg): BusPayloads[K] | undefined {
    try {
      return busValidators[channel].parse(decodeJson(msg.data));
    } catch (err) {
      const reason = err instanceof LivecastError ? err.message : String(err);
      this.observer.invalidMessage(channel, msg.subject, reason);
      this.logger.warn({ channel, subject: msg.subject, reason }, 'invalid bus message dropped');
      return undefined;
    }
  }

  private run<K extends BusChannel>(handler: BusHandler<K>, payload: BusPayloads[K], msg: Msg): void {
    try {
      const result = handler(payload, msg);
      if (result instanceof Promise) result.catch((err: unknown) => this.logger.error({ err, subject: msg.subject }, 'bus handler failed'));
    } catch (err) {
      this.logger.error({ err, subject: msg.subject }, 'bus handler failed');
    }
  }
}
