import {
  ClientEvent,
  ErrorCode,
  LivecastError,
  errorAck,
  messageSendRequest,
  okAck,
  roomJoinRequest,
  roomLeaveRequest,
  ServerEvent,
  type AckCallback,
  type ClientEventResult,
  type Principal,
} from '@livecast/contracts';
import { LocalRateLimiter, rateLimitedError } from '@livecast/limits';
import { counter } from '@livecast/service-runtime';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import type { Connection, GatewaySocket } from '../delivery/connection';
import { JoinService } from '../rooms/join.service';
import { RoomHub } from '../rooms/room-hub.service';
import { SendService } from '../send/send.service';

const events = counter('gateway_client_events_total', 'client events, by event and outcome', ['event', 'outcome'] as const);

const KNOWN_EVENTS = new Set<string>(Object.values(ClientEvent));

/** The ack of `event`, when the packet carried one (a client may send anything as the last argument). */
function ackOf<E extends ClientEvent>(_event: E, ack: unknown): AckCallback<ClientEventResult<E>> | undefined {
  return typeof ack === 'function' ? (ack as AckCallback<ClientEventResult<E>>) : undefined;
}

/**
 * One socket's event handling. Every event is rate-limited per connection, validated
 * against its contracts schema and delegated; every ack is `{ ok: true, ... }` or
 * `{ ok: false, error }`, typed by the contracts' event map. An event without an ack
 * callback cannot be answered and is dropped (counted).
 */
@Injectable()
export class ConnectionHandler {
  private readonly logger = new Logger('Connections');
  private readonly limiter: LocalRateLimiter;

  constructor(
    private readonly hub: RoomHub,
    private readonly joins: JoinService,
    private readonly sends: SendService,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.limiter = new LocalRateLimiter({ rate: config.EVENTS_PER_SEC, per: 1000, burst: config.EVENTS_BURST });
  }

  attach(socket: GatewaySocket, principal: Principal): void {
    const connection: Connection = { id: socket.id, socket, principal, skipped: 0, slowSince: 0 };
    try {
      this.hub.addConnection(connection);
    } catch (err) {
      const error = LivecastError.from(err);
      socket.emit(ServerEvent.Disconnecting, { code: ErrorCode.Limit, message: error.message });
      socket.disconnect(true);
      return;
    }
    socket.use(([event, ...args], next) => this.admit(connection, String(event), args, next));
    socket.on(ClientEvent.RoomJoin, (payload, ack) =>
      this.handle(ClientEvent.RoomJoin, ack, () => this.joins.join(connection, roomJoinRequest.parse(payload))),
    );
    socket.on(ClientEvent.RoomLeave, (payload, ack) =>
      this.handle(ClientEvent.RoomLeave, ack, async () => {
        this.joins.leave(connection, roomLeaveRequest.parse(payload).roomId);
        return {};
      }),
    );
    socket.on(ClientEvent.MessageSend, (payload, ack) =>
      this.handle(ClientEvent.MessageSend, ack, () => this.sends.send(connection, messageSendRequest.parse(payload))),
    );
    socket.on('disconnect', () => {
      this.hub.removeConnection(connection.id);
      this.limiter.forget(connection.id);
    });
  }

  /** Per-connection event budget and unknown-event refusal, before any handler runs. */
  private admit(connection: Connection, event: string, args: unknown[], next: (err?: Error) => void): void {
    const ack = args[args.length - 1];
    const answer = typeof ack === 'function' ? (ack as AckCallback<object>) : undefined;
    const decision = this.limiter.take(connection.id, Date.now());
    if (!decision.allowed) {
      events.inc({ event: 'any', outcome: ErrorCode.RateLimited });
      answer?.(errorAck(rateLimitedError(decision.retryAfterMs)));
      return;
    }
    if (!KNOWN_EVENTS.has(event)) {
      events.inc({ event: 'unknown', outcome: ErrorCode.Invalid });
      answer?.(errorAck(new LivecastError(ErrorCode.Invalid, `unknown event: ${event.slice(0, 40)}`)));
      return;
    }
    next();
  }

  private async handle<E extends ClientEvent>(event: E, ack: unknown, run: () => Promise<ClientEventResult<E>>): Promise<void> {
    const answer = ackOf(event, ack);
    if (!answer) {
      events.inc({ event, outcome: 'no_ack' });
      return;
    }
    try {
      const result = await run();
      events.inc({ event, outcome: 'ok' });
      answer(okAck(result));
    } catch (err) {
      const reply = errorAck(err);
      events.inc({ event, outcome: reply.error.code });
      if (reply.error.code === ErrorCode.Internal) this.logger.error({ err, event }, 'client event failed');
      answer(reply);
    }
  }
}
