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
import { unavailableIfTransient } from '@livecast/nats';
import { counter } from '@livecast/service-runtime';
import { releaseUpgradeRequest, stopReading } from '@livecast/socket-delivery';
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

const unknownEvents = events.labels('unknown', ErrorCode.Invalid);

const KNOWN_EVENTS = new Set<string>(Object.values(ClientEvent));

/** What the gateway keeps in `socket.data` once a socket is attached. */
interface SocketData {
  connection: Connection;
}

/** A socket listener for every socket: socket.io calls it with the socket as `this`, whose data names the connection. */
function onSocket(run: (connection: Connection, args: unknown[]) => void) {
  return function (this: GatewaySocket, ...args: unknown[]): void {
    const connection = (this.data as Partial<SocketData> | undefined)?.connection;
    if (connection) run(connection, args);
  };
}

/** The ack callback of an event, when its last argument is one (a client may send anything). */
function answerOf(args: unknown[]): AckCallback<object> | undefined {
  const ack = args[args.length - 1];
  return typeof ack === 'function' ? (ack as AckCallback<object>) : undefined;
}

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
  private readonly listeners = this.sharedListeners();

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
    // The verified token and the upgrade request are not needed any more: the connection holds what is kept.
    socket.data = { connection } satisfies SocketData;
    releaseUpgradeRequest(socket as unknown as Parameters<typeof releaseUpgradeRequest>[0]);
    const { listeners } = this;
    socket.onAny(listeners.any);
    socket.on(ClientEvent.RoomJoin, listeners.join);
    socket.on(ClientEvent.RoomLeave, listeners.leave);
    socket.on(ClientEvent.MessageSend, listeners.send);
    socket.on(ClientEvent.SessionRefresh, listeners.refresh);
    socket.on('disconnect', listeners.disconnect);
  }

  /**
   * Listeners shared by every socket (socket.io calls them with the socket as `this`), so a
   * connection costs no closures of its own and an event no middleware chain.
   */
  private sharedListeners() {
    const event = <E extends ClientEvent>(name: E, run: (connection: Connection, payload: unknown) => Promise<ClientEventResult<E>>) =>
      onSocket((connection, args) => {
        if (this.admit(connection, args)) void this.handle(name, args[1], () => run(connection, args[0]));
      });
    return {
      join: event(ClientEvent.RoomJoin, (connection, payload) => this.joins.join(connection, roomJoinRequest.parse(payload))),
      leave: event(ClientEvent.RoomLeave, async (connection, payload) => {
        this.joins.leave(connection, roomLeaveRequest.parse(payload).roomId);
        return {};
      }),
      send: event(ClientEvent.MessageSend, (connection, payload) => this.sends.send(connection, messageSendRequest.parse(payload))),
      refresh: event(ClientEvent.SessionRefresh, (connection, payload) => this.sessions.refresh(connection, sessionRefreshRequest.parse(payload))),
      // Runs before the named listeners: only an unknown event is answered here, after the same admission.
      any: onSocket((connection, [name, ...args]) => {
        if (KNOWN_EVENTS.has(String(name)) || !this.admit(connection, args)) return;
        unknownEvents.inc();
        answerOf(args)?.(errorAck(new LivecastError(ErrorCode.Invalid, `unknown event: ${String(name).slice(0, 40)}`)));
      }),
      disconnect: onSocket((connection) => {
        this.hub.removeConnection(connection.id);
        this.limiter.forget(connection.id);
        this.sessions.forget(connection);
      }),
    };
  }

  /** Expiry and the per-connection event budget, before any handler runs; false when the event was answered (or dropped) here. */
  private admit(connection: Connection, args: unknown[]): boolean {
    if (connection.closing) return false;
    const answer = answerOf(args);
    const now = Date.now();
    if (this.sessions.isExpired(connection, now)) {
      expiredEvents.inc();
      answer?.(EXPIRED_ACK);
      this.sessions.expire(connection);
      return false;
    }
    const decision = this.limiter.take(connection.id, now);
    if (!decision.allowed) {
      rateLimitedEvents.inc();
      if (this.refusals.exhausted(connection.refusals, now)) this.closeFlooder(connection);
      else answer?.(rateLimitedAck(decision.retryAfterMs));
      return false;
    }
    return true;
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
      // A cluster that cannot answer now (an election, a paused node) is UNAVAILABLE, which the client retries; not INTERNAL.
      const reply = errorAck(unavailableIfTransient(err, `${event}: the cluster`));
      events.inc({ event, outcome: reply.error.code });
      if (reply.error.code === ErrorCode.Internal) this.logger.error({ err, event }, 'client event failed');
      answer(reply);
    }
  }
}
