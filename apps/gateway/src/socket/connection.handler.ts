import type { VerifiedToken } from '@livecast/auth';
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
  sessionRefreshRequest,
  type AckCallback,
  type ClientEventResult,
  type SessionClosing,
} from '@livecast/contracts';
import { LocalRateLimiter, RefusalBudget, newRefusalWindow, rateLimitedAck } from '@livecast/limits';
import { counter } from '@livecast/service-runtime';
import { stopReading } from '@livecast/socket-delivery';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import type { Connection, GatewaySocket } from '../connections/connection';
import { JoinService } from '../rooms/join.service';
import { RoomHub } from '../rooms/room-hub.service';
import { SendService } from '../send/send.service';
import { SessionService } from './session.service';

const events = counter('gateway_client_events_total', 'client events, by event and outcome', ['event', 'outcome'] as const);
// Bound once: a flood of refusals costs no label lookup per event.
const rateLimitedEvents = events.labels('any', ErrorCode.RateLimited);
const expiredEvents = events.labels('any', ErrorCode.SessionExpired);
const floodCloses = counter('gateway_flood_disconnects_total', 'connections closed for breaking their event budget again and again');

const EXPIRED_ACK = Object.freeze({ ok: false as const, error: Object.freeze({ code: ErrorCode.SessionExpired, message: 'your token expired: reconnect with a fresh one' }) });
const FLOOD_NOTICE: SessionClosing = { code: ErrorCode.RateLimited, message: 'too many events after being told to slow down: connection closed' };
/** A flooder's connection is dropped this long after its closing notice was written. */
const FLOOD_CLOSE_GRACE_MS = 2000;

const KNOWN_EVENTS = new Set<string>(Object.values(ClientEvent));

/** The ack of `event`, when the packet carried one (a client may send anything as the last argument). */
function ackOf<E extends ClientEvent>(_event: E, ack: unknown): AckCallback<ClientEventResult<E>> | undefined {
  return typeof ack === 'function' ? (ack as AckCallback<ClientEventResult<E>>) : undefined;
}

/**
 * One socket's event handling. Every event is refused once the token expired, is
 * rate-limited per connection, validated against its contracts schema and delegated;
 * every ack is `{ ok: true, ... }` or `{ ok: false, error }`, typed by the contracts'
 * event map. An event without an ack callback cannot be answered and is dropped
 * (counted). A connection that keeps breaking its budget is closed: refusing costs a
 * shared ack and no log line, closing costs less.
 */
@Injectable()
export class ConnectionHandler {
  private readonly logger = new Logger('Connections');
  private readonly limiter: LocalRateLimiter;
  private readonly refusals: RefusalBudget;

  constructor(
    private readonly hub: RoomHub,
    private readonly joins: JoinService,
    private readonly sends: SendService,
    private readonly sessions: SessionService,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.limiter = new LocalRateLimiter({ rate: config.EVENTS_PER_SEC, per: 1000, burst: config.EVENTS_BURST });
    this.refusals = new RefusalBudget(config.EVENT_REFUSALS_MAX, config.EVENT_REFUSALS_WINDOW_MS);
  }

  attach(socket: GatewaySocket, { principal, expiresAt }: VerifiedToken): void {
    const connection: Connection = { id: socket.id, socket, principal, expiresAt, refusals: newRefusalWindow(), closing: false, skipped: 0, slowSince: 0 };
    try {
      this.hub.addConnection(connection);
    } catch (err) {
      const error = LivecastError.from(err);
      socket.emit(ServerEvent.Disconnecting, { code: ErrorCode.Limit, message: error.message });
      socket.disconnect(true);
      return;
    }
    this.sessions.track(connection);
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
    socket.on(ClientEvent.SessionRefresh, (payload, ack) =>
      this.handle(ClientEvent.SessionRefresh, ack, () => this.sessions.refresh(connection, sessionRefreshRequest.parse(payload))),
    );
    socket.on('disconnect', () => {
      this.hub.removeConnection(connection.id);
      this.limiter.forget(connection.id);
      this.sessions.forget(connection);
    });
  }

  /** Expiry, the per-connection event budget and unknown-event refusal, before any handler runs. */
  private admit(connection: Connection, event: string, args: unknown[], next: (err?: Error) => void): void {
    if (connection.closing) return;
    const ack = args[args.length - 1];
    const answer = typeof ack === 'function' ? (ack as AckCallback<object>) : undefined;
    const now = Date.now();
    if (this.sessions.isExpired(connection, now)) {
      expiredEvents.inc();
      answer?.(EXPIRED_ACK);
      this.sessions.expire(connection);
      return;
    }
    const decision = this.limiter.take(connection.id, now);
    if (!decision.allowed) {
      rateLimitedEvents.inc();
      if (this.refusals.exhausted(connection.refusals, now)) this.closeFlooder(connection);
      else answer?.(rateLimitedAck(decision.retryAfterMs));
      return;
    }
    if (!KNOWN_EVENTS.has(event)) {
      events.inc({ event: 'unknown', outcome: ErrorCode.Invalid });
      answer?.(errorAck(new LivecastError(ErrorCode.Invalid, `unknown event: ${event.slice(0, 40)}`)));
      return;
    }
    next();
  }

  private closeFlooder(connection: Connection): void {
    connection.closing = true;
    floodCloses.inc();
    this.logger.warn(`closing ${connection.principal.id} (${connection.id}): ${connection.refusals.count} events refused within ${this.refusals.windowMs} ms`);
    connection.socket.emit(ServerEvent.Disconnecting, FLOOD_NOTICE);
    connection.socket.disconnect(true);
    stopReading(connection.socket.conn, FLOOD_CLOSE_GRACE_MS);
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
