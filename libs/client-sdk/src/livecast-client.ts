import {
  ClientEvent,
  ErrorCode,
  LivecastError,
  ServerEvent,
  roomJoinRequestCheck,
  type ClientEventRequest,
  type ClientEventResult,
  type RoomControl,
  type RoomFrame,
  type SessionClosing,
} from '@livecast/contracts/client';
import { Emitter, type Listener } from './emitter';
import { Gate } from './gate';
import { LiveRoomSession, type SessionHost } from './live-room-session';
import { connectError, request } from './request';
import type { TokenRefresher } from './token-refresher';
import type { ClientState, ClientTuning, LivecastClientEvents, RoomSession, SocketEventName, SocketLike } from './types';

/** Defaults of every timing knob. */
export const DEFAULT_TUNING: ClientTuning = { ackTimeoutMs: 8000, sendTries: 3, retryDelayMs: 250, serverReconnectDelayMs: 1000, catchUpPatienceMs: 30_000 };

/** Closing notices after which the server expects the client back (socket.io does not reconnect by itself after a server disconnect). */
const RECONNECT_AFTER = new Set<string>([ErrorCode.ShuttingDown, ErrorCode.SlowConsumer]);
/** With a token source, an expired session comes back too: the reconnect asks for a fresh token. */
const RECONNECT_WITH_FRESH_TOKEN_AFTER = new Set<string>([...RECONNECT_AFTER, ErrorCode.SessionExpired]);

function isFrame(value: unknown): value is RoomFrame {
  const frame = value as RoomFrame | null;
  return typeof frame === 'object' && frame !== null && typeof frame.roomId === 'string' && typeof frame.toSeq === 'number' && Array.isArray(frame.messages) && typeof frame.shaped === 'object';
}

function isControl(value: unknown): value is RoomControl {
  const control = value as RoomControl | null;
  return typeof control === 'object' && control !== null && typeof control.roomId === 'string' && typeof control.action === 'string';
}

/**
 * A connection to a livecast gateway and the rooms joined over it. Routes each room's
 * frames and control events to its session; when the connection drops, sessions hold
 * their sends, and when it is back they re-join from where they were (see RoomSession).
 * With a `TokenRefresher` it keeps the connection's token fresh (`session:refresh`).
 * `createLivecastClient` builds one on a socket.io socket; any `SocketLike` will do.
 */
export class LivecastClient {
  private readonly events = new Emitter<LivecastClientEvents>();
  private readonly sessions = new Map<string, LiveRoomSession>();
  private readonly joining = new Map<string, Promise<RoomSession>>();
  private readonly connection: Gate;
  /** Rejecters of in-flight requests: a lost connection fails them at once instead of at their timeout. */
  private readonly inFlight = new Set<(err: LivecastError) => void>();
  private readonly tuning: ClientTuning;
  private readonly host: SessionHost;
  private everConnected: boolean;
  private current: ClientState;
  private closingCode?: string;
  private reconnectTimer?: ReturnType<typeof setTimeout>;
  private closed = false;
  private readonly handlers: [SocketEventName, Parameters<SocketLike['on']>[1]][];

  constructor(
    /** The underlying socket, for diagnostics; the client owns it. */
    readonly socket: SocketLike,
    tuning: Partial<ClientTuning> = {},
    private readonly refresher?: TokenRefresher,
  ) {
    this.tuning = { ...DEFAULT_TUNING, ...tuning };
    refresher?.bind({
      refresh: (token) => this.request(ClientEvent.SessionRefresh, { token }),
      failed: (err) => this.events.emit('error', err),
    });
    this.connection = new Gate(socket.connected);
    this.everConnected = socket.connected;
    this.current = socket.connected ? 'connected' : socket.active ? 'connecting' : 'disconnected';
    this.host = {
      tuning: this.tuning,
      get connected() {
        return socket.connected;
      },
      request: (event, payload) => this.request(event, payload),
      release: (session) => {
        if (this.sessions.get(session.roomId) === session) this.sessions.delete(session.roomId);
      },
      defer: (fn) => setTimeout(fn, 0),
    };
    this.handlers = [
      ['connect', () => this.onConnect()],
      ['disconnect', (reason: string) => this.onDisconnect(reason)],
      ['connect_error', (err: unknown) => this.onConnectError(err)],
      [ServerEvent.RoomFrame, (frame: unknown) => isFrame(frame) && this.sessions.get(frame.roomId)?.receiveFrame(frame)],
      [ServerEvent.RoomControl, (control: unknown) => isControl(control) && this.sessions.get(control.roomId)?.receiveControl(control)],
      [ServerEvent.Disconnecting, (notice: SessionClosing) => this.onClosing(notice)],
    ];
    for (const [event, handler] of this.handlers) socket.on(event, handler);
  }

  /** True while the connection is up. */
  get connected(): boolean {
    return this.socket.connected;
  }

  /** Where the connection is in its lifecycle; every change is a `state` event. */
  get state(): ClientState {
    return this.current;
  }

  /** Opens the connection when it is down for good: after `autoConnect: false` or a refused handshake. */
  connect(): void {
    if (this.closed) throw new LivecastError(ErrorCode.Unavailable, 'the client is closed');
    if (this.current !== 'disconnected') return;
    // Requests wait for this attempt instead of failing with the last refusal.
    this.connection.close();
    this.enter('connecting');
    this.socket.connect();
  }

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof LivecastClientEvents>(event: K, listener: Listener<LivecastClientEvents[K]>): () => void {
    return this.events.on(event, listener);
  }

  /** Removes a listener. */
  off<K extends keyof LivecastClientEvents>(event: K, listener: Listener<LivecastClientEvents[K]>): void {
    this.events.off(event, listener);
  }

  /**
   * Joins a room (waiting for the connection if needed); resolves with its session once
   * the gateway acked. Joining a room already joined returns the same session. Rejects
   * with LivecastError: INVALID room id, ROOM_NOT_FOUND, ROOM_CLOSED, BANNED, UNAVAILABLE...
   * Listeners attached right after `await` get every frame that follows the join's history.
   */
  async join(roomId: string): Promise<RoomSession> {
    if (this.closed) throw new LivecastError(ErrorCode.Unavailable, 'the client is closed');
    roomJoinRequestCheck.parse({ roomId });
    const pending = this.joining.get(roomId);
    if (pending) return pending;
    const existing = this.sessions.get(roomId);
    if (existing) return existing;
    const session = new LiveRoomSession(roomId, this.host);
    // Registered before the ack: frames can arrive before it and are held by the session.
    this.sessions.set(roomId, session);
    const joined = session
      .open()
      .then(() => session)
      .finally(() => this.joining.delete(roomId));
    this.joining.set(roomId, joined);
    return joined;
  }

  /** The session of a joined room, if any. */
  session(roomId: string): RoomSession | undefined {
    return this.sessions.get(roomId);
  }

  /** Ends every session and closes the connection for good. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.refresher?.stop();
    for (const session of [...this.sessions.values()]) session.end();
    this.connection.fail(new LivecastError(ErrorCode.Unavailable, 'the client is closed'));
    for (const [event, handler] of this.handlers) this.socket.off(event, handler);
    this.socket.disconnect();
    this.enter('disconnected');
  }

  private async request<E extends ClientEvent>(event: E, payload: ClientEventRequest<E>): Promise<ClientEventResult<E>> {
    await this.connection.wait(this.tuning.ackTimeoutMs, 'connection');
    let reject: (err: LivecastError) => void = () => undefined;
    const lost = new Promise<never>((_, fail) => (reject = fail));
    this.inFlight.add(reject);
    try {
      return await Promise.race([request(this.socket, event, payload, this.tuning.ackTimeoutMs), lost]);
    } finally {
      this.inFlight.delete(reject);
    }
  }

  private onConnect(): void {
    const reconnected = this.everConnected;
    this.everConnected = true;
    this.closingCode = undefined;
    this.connection.open();
    this.refresher?.connected();
    this.enter('connected');
    this.events.emit('connected');
    if (reconnected) for (const session of [...this.sessions.values()]) void session.resume();
  }

  private onDisconnect(reason: string): void {
    this.connection.close();
    this.refresher?.stop();
    const lost = new LivecastError(ErrorCode.Unavailable, `connection lost (${reason}): retry`);
    for (const reject of [...this.inFlight]) reject(lost);
    for (const session of this.sessions.values()) session.suspend();
    const reconnectAfter = this.refresher ? RECONNECT_WITH_FRESH_TOKEN_AFTER : RECONNECT_AFTER;
    const comeBack = reason === 'io server disconnect' && this.closingCode !== undefined && reconnectAfter.has(this.closingCode);
    this.enter(this.socket.active || comeBack ? 'connecting' : 'disconnected');
    this.events.emit('disconnected', reason);
    if (comeBack) this.scheduleReconnect();
  }

  private onConnectError(err: unknown): void {
    const error = connectError(err);
    // An inactive socket will not retry (the handshake was refused): fail waiting requests now.
    if (!this.socket.active) {
      this.connection.fail(error);
      this.enter('disconnected');
    }
    this.events.emit('error', error);
  }

  private onClosing(notice: SessionClosing): void {
    this.closingCode = typeof notice?.code === 'string' ? notice.code : undefined;
    this.events.emit('closing', notice);
  }

  private enter(next: ClientState): void {
    const previous = this.current;
    if (next === previous) return;
    this.current = next;
    this.events.emit('state', next, previous);
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    const delay = this.tuning.serverReconnectDelayMs * (0.5 + Math.random());
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (!this.closed && !this.socket.connected) this.socket.connect();
    }, delay);
  }
}
