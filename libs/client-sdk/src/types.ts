import type { ChatMessage, ClientEvent, LivecastError, MessageKind, RoomControl, RoomFrame, ServerEvent, SessionClosing, ShapedCounters } from '@livecast/contracts/client';
import type { ManagerOptions, SocketOptions } from 'socket.io-client';

/** The socket events the SDK listens to: the protocol's server events and socket.io's own. */
export type SocketEventName = ServerEvent | 'connect' | 'disconnect' | 'connect_error';

/**
 * The few socket.io-client `Socket` members the SDK uses. A real socket satisfies it;
 * specs pass a fake (see `testing/fake-socket.ts`).
 */
export interface SocketLike {
  readonly connected: boolean;
  /** False once the socket stopped reconnecting by itself (refused handshake, server or client disconnect). */
  readonly active: boolean;
  // socket.io's listener types are per event; the SDK narrows payloads where it reads them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  on(event: SocketEventName, listener: (...args: any[]) => void): unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  off(event: SocketEventName, listener?: (...args: any[]) => void): unknown;
  /** Emits a client event of the protocol; the ack is checked by the SDK before it is trusted. */
  timeout(ms: number): { emitWithAck(event: ClientEvent, payload: unknown): Promise<unknown> };
  connect(): unknown;
  disconnect(): unknown;
}

/**
 * Where and how `createLivecastClient` connects. Every socket.io-client option passes
 * through (`path`, `autoConnect`, `query`, `extraHeaders`, `withCredentials`, `transports`,
 * `reconnectionDelay`, ...) except `auth`, which carries the token.
 */
export interface LivecastClientOptions extends Omit<Partial<ManagerOptions & SocketOptions>, 'auth'> {
  /**
   * Gateway URL, e.g. `https://chat.example.com`, or several (at most 16): the client then
   * connects to one at a time and moves to the next when it fails, after socket.io's
   * `reconnectionDelay`/`reconnectionDelayMax`/`randomizationFactor` backoff, and every
   * room resumes from its last seq there.
   */
  url: string | readonly string[];
  /** A JWT, or a function asked for a fresh one on every (re)connect (a function works like `getToken`). Absent, with no `getToken`: a guest, who may watch but not send. */
  token?: string | (() => string | Promise<string>);
  /**
   * Asked for a token on every (re)connect and again before the current one expires; the new
   * one replaces it on the live connection (`session:refresh`), so long sessions stay signed in.
   */
  getToken?: () => string | Promise<string>;
  /** With `getToken`: refresh this long before the token expires, in ms (default 60000; at the latest halfway through what is left). */
  tokenRefreshLeadMs?: number;
  /** How long to wait for an ack, in ms (default 8000: above the gateway's 5 s ingest timeout). */
  ackTimeoutMs?: number;
  /** Attempts per send, the first included (default 3). */
  sendTries?: number;
  /** Delay before the first retry, in ms, doubled for each next one (default 250). */
  retryDelayMs?: number;
  /** How long a resume or a gap's catch-up keeps asking while the cluster answers UNAVAILABLE, in ms (default 30000). */
  catchUpPatienceMs?: number;
}

/** Timing knobs of a client; every field has a default. */
export interface ClientTuning {
  ackTimeoutMs: number;
  sendTries: number;
  retryDelayMs: number;
  /** Base delay before reconnecting after the server closed the connection asking for it (restart, slow consumer). */
  serverReconnectDelayMs: number;
  /** How long a session keeps asking for a resume or a missed frame's catch-up that the cluster cannot serve yet (UNAVAILABLE): then the resume ends the session, and the frames waiting on a catch-up are shown as they are. */
  catchUpPatienceMs: number;
}

/** What a room looks like right now, as far as this client knows. */
export interface RoomSnapshot {
  roomId: string;
  title: string;
  online: number;
}

/** A frame whose `prevSeq` is ahead of the last `toSeq` this session saw: a frame was missed. */
export interface GapInfo {
  /** The last `toSeq` (or join `lastSeq`) this session saw. */
  expectedPrev: number;
  /** The `prevSeq` the frame carried. */
  got: number;
}

/** What a resume after a reconnect found. */
export interface ResumeInfo {
  /** The stream position the catch-up started after. */
  sinceSeq: number;
  /** More was missed than the catch-up holds: show "some messages skipped". */
  truncated: boolean;
  /** Messages of the catch-up this session had not seen (emitted as `messages`). */
  missed: number;
}

/**
 * Lifecycle of a room session: `joining` → `joined`; a lost connection makes it
 * `resuming` until the re-join, and `ended` is final (left, kicked, banned, closed, or
 * the resume failed).
 */
export type SessionState = 'joining' | 'joined' | 'resuming' | 'ended';

/**
 * Lifecycle of the connection: `connecting` → `connected`; a drop goes back to
 * `connecting` while socket.io (or the SDK, after a server restart) reconnects, and to
 * `disconnected` when nobody will: a refused handshake, `close()`, `autoConnect: false`
 * before `connect()`.
 */
export type ClientState = 'disconnected' | 'connecting' | 'connected';

/** Events of a `RoomSession`, by name, with their listener arguments. */
export interface RoomSessionEvents {
  /** New messages, each seq at most once; `frame` is undefined for echoes and resume catch-up. Not always in seq order. */
  messages: [messages: ChatMessage[], frame: RoomFrame | undefined];
  /** What shaping kept off the live view in this frame (history still has it). */
  shaped: [counters: ShapedCounters, frame: RoomFrame];
  /** A frame was missed on the way (not because this client was slow: that is `skipped`); the session fetches what it held, emits it as `messages` and then the frames that waited. */
  gap: [gap: GapInfo];
  /** The gateway skipped this many frames because this connection was too slow to take them. */
  skipped: [frames: number];
  /** A moderation or room action that concerns this viewer, or a room-wide online count. */
  control: [control: RoomControl];
  /** The room's online count changed. */
  online: [online: number];
  /** The session re-joined after a reconnect; missed messages follow as `messages`. */
  resumed: [info: ResumeInfo];
  /** The session ended without `leave()`: kicked, banned, room closed, or the resume failed. */
  ended: [reason: LivecastError];
  /** The session moved from `previous` to `state`; for `ended` by a cause, `reason` says why. */
  state: [state: SessionState, previous: SessionState, reason: LivecastError | undefined];
}

/** Events of a `LivecastClient`. */
export interface LivecastClientEvents {
  /** Connected, the first time or after a drop (sessions resume on their own). */
  connected: [];
  /** The connection dropped; socket.io reasons such as `transport close` or `io server disconnect`. */
  disconnected: [reason: string];
  /** The server announced it is closing this connection (restart, slow consumer, limit). */
  closing: [notice: SessionClosing];
  /** A connection attempt failed; `UNAUTHENTICATED` and similar refusals are not retried by socket.io. */
  error: [error: LivecastError];
  /** The connection moved from `previous` to `state`. */
  state: [state: ClientState, previous: ClientState];
}

/** A joined room, as `LivecastClient.join` returns it. */
export interface RoomSession {
  readonly roomId: string;
  readonly state: SessionState;
  /** Title and online count, updated by frames and control events. */
  readonly snapshot: Readonly<RoomSnapshot>;
  /** The recent messages the join returned, oldest first (later ones arrive as `messages`). */
  readonly history: readonly ChatMessage[];
  /** The stream position this session accounted for; a resume asks for what came after it. */
  readonly lastSeq: number;
  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof RoomSessionEvents>(event: K, listener: (...args: RoomSessionEvents[K]) => void): () => void;
  /** Removes a listener. */
  off<K extends keyof RoomSessionEvents>(event: K, listener: (...args: RoomSessionEvents[K]) => void): void;
  /**
   * Sends a message; resolves with it as accepted (with its seq). Validated locally first;
   * retried with the same clientMsgId on UNAVAILABLE or timeout. Rejects with LivecastError.
   */
  send(text: string, kind?: MessageKind): Promise<ChatMessage>;
  /** Leaves the room; the session ends and gets no more events. */
  leave(): Promise<void>;
}
