import { backoffDelay } from '@livecast/resilience';
import type { SocketEventName, SocketLike } from './types';

/** Builds a socket to one gateway that neither connects nor reconnects by itself: the failover socket drives it. */
export type SocketFactory = (url: string) => SocketLike;

/** How a failover socket moves between gateways; the timing fields are socket.io's reconnection options. */
export interface FailoverOptions {
  /** Delay before the first attempt after a failure, in ms (`reconnectionDelay`); doubled per further failure. */
  delayMs: number;
  /** Ceiling of any delay, in ms (`reconnectionDelayMax`). */
  maxDelayMs: number;
  /** Share of each delay taken off at random, 0 to 1 (`randomizationFactor`): viewers of a dead gateway do not all arrive at once. */
  jitter: number;
  /** Consecutive failed attempts before it gives up (socket.io's `reconnectionAttempts`; default unlimited). */
  maxAttempts: number;
  /** Whether a lost connection is followed by another attempt at all (socket.io's `reconnection`). */
  reconnect: boolean;
  random?: () => number;
}

/** A listener of the underlying socket.io socket: socket.io types listeners per event; forwarding passes arguments through untouched. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SocketListener = (...args: any[]) => void;

/** socket.io-client's reconnection defaults. */
export const DEFAULT_FAILOVER: FailoverOptions = { delayMs: 1000, maxDelayMs: 5000, jitter: 0.5, maxAttempts: Infinity, reconnect: true };

const OWN_EVENTS: readonly SocketEventName[] = ['connect', 'disconnect', 'connect_error'];

/**
 * One `SocketLike` over several gateways. It connects to one URL at a time; when that
 * connection drops or cannot be made it moves to the next URL (round robin), after a
 * backoff with jitter that restarts at the first delay once a connection succeeds. The
 * client above sees an ordinary socket that disconnected and connected again, and its
 * sessions resume from their last seq on whichever gateway answered. A refused
 * handshake is not retried elsewhere (another gateway would refuse the same token); a
 * server that closes the connection is left until `connect()`, which moves on.
 */
export class FailoverSocket implements SocketLike {
  private readonly listeners = new Map<SocketEventName, Set<SocketListener>>();
  private current?: SocketLike;
  private currentUrl?: string;
  private forwarders: [SocketEventName, SocketListener][] = [];
  private next = 0;
  private attempts = 0;
  private wanted = false;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    readonly urls: readonly string[],
    private readonly factory: SocketFactory,
    private readonly options: FailoverOptions = { ...DEFAULT_FAILOVER },
  ) {
    if (urls.length === 0) throw new RangeError('a failover socket needs at least one URL');
  }

  /** The URL of the gateway it is connected or connecting to. */
  get url(): string | undefined {
    return this.currentUrl;
  }

  get connected(): boolean {
    return this.current?.connected ?? false;
  }

  /** True while it will connect or reconnect by itself, as a socket.io socket's `active`. */
  get active(): boolean {
    return this.wanted;
  }

  on(event: SocketEventName, listener: SocketListener): this {
    let set = this.listeners.get(event);
    if (!set) {
      this.listeners.set(event, (set = new Set()));
      if (this.current && !OWN_EVENTS.includes(event)) this.forward(this.current, event);
    }
    set.add(listener);
    return this;
  }

  off(event: SocketEventName, listener?: SocketListener): this {
    if (listener) this.listeners.get(event)?.delete(listener);
    else this.listeners.get(event)?.clear();
    return this;
  }

  timeout(ms: number): { emitWithAck(event: Parameters<ReturnType<SocketLike['timeout']>['emitWithAck']>[0], payload: unknown): Promise<unknown> } {
    const socket = this.current;
    if (!socket) return { emitWithAck: () => Promise.reject(new Error('not connected')) };
    return socket.timeout(ms);
  }

  /** Connects (to the next URL when the last connection was closed by its server); a no-op while connected or connecting. */
  connect(): this {
    this.wanted = true;
    if (this.current || this.timer) return this;
    this.open();
    return this;
  }

  /** Closes the connection for good, until `connect()`. */
  disconnect(): this {
    this.wanted = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    // While connected, the client hears its own disconnect, as with a plain socket.
    if (this.current?.connected) this.current.disconnect();
    this.retire();
    return this;
  }

  private open(): void {
    const url = this.urls[this.next];
    this.next = (this.next + 1) % this.urls.length;
    const socket = this.factory(url);
    this.current = socket;
    this.currentUrl = url;
    this.forwarders = [];
    this.listen(socket, 'connect', () => this.onConnect());
    this.listen(socket, 'disconnect', (reason: string) => this.onDisconnect(socket, reason));
    this.listen(socket, 'connect_error', (err: unknown) => this.onConnectError(socket, err));
    for (const event of this.listeners.keys()) if (!OWN_EVENTS.includes(event)) this.forward(socket, event);
    socket.connect();
  }

  private onConnect(): void {
    this.attempts = 0;
    this.emit('connect');
  }

  private onDisconnect(socket: SocketLike, reason: string): void {
    if (socket !== this.current) return;
    // A server that closed the connection asked for it (restart, slow consumer): the client decides whether to come back.
    const retry = this.wanted && reason !== 'io server disconnect' && reason !== 'io client disconnect' && this.options.reconnect;
    if (!retry) this.wanted = false;
    this.retire();
    if (retry) this.scheduleMove();
    this.emit('disconnect', reason);
  }

  private onConnectError(socket: SocketLike, err: unknown): void {
    if (socket !== this.current) return;
    // An inactive socket.io socket after connect_error means the server refused the handshake.
    const refused = !socket.active;
    const retry = this.wanted && !refused && this.options.reconnect && this.attempts < this.options.maxAttempts;
    if (!retry) this.wanted = false;
    this.retire();
    if (retry) this.scheduleMove();
    this.emit('connect_error', err);
  }

  private scheduleMove(): void {
    const { delayMs, maxDelayMs, jitter, random } = this.options;
    const delay = backoffDelay({ initialMs: delayMs, maxMs: maxDelayMs, jitter }, this.attempts++, random);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.wanted && !this.current) this.open();
    }, delay);
  }

  /** Detaches from the current socket and closes it; its late events are ignored. */
  private retire(): void {
    const socket = this.current;
    if (!socket) return;
    this.current = undefined;
    this.currentUrl = undefined;
    for (const [event, listener] of this.forwarders) socket.off(event, listener);
    this.forwarders = [];
    if (socket.active || socket.connected) socket.disconnect();
  }

  private forward(socket: SocketLike, event: SocketEventName): void {
    this.listen(socket, event, (...args: unknown[]) => this.emit(event, ...args));
  }

  private listen(socket: SocketLike, event: SocketEventName, listener: SocketListener): void {
    socket.on(event, listener);
    this.forwarders.push([event, listener]);
  }

  private emit(event: SocketEventName, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args);
  }
}
