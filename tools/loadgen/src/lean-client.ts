import { WebSocket } from 'ws';
import { connectErrorCode, type AckHandler, type ClientFactory, type ClientSpec, type LoadClient } from './load-client';
import { sharedParse } from './shared-frames';

// Engine.io v4 packet types (first byte of a WebSocket text message) and socket.io v5
// packet types (second byte of an engine.io `message`). Only the main namespace is used.
const EIO_OPEN = 0x30; // '0'
const EIO_CLOSE = 0x31; // '1'
const EIO_PING = 0x32; // '2'
const EIO_MESSAGE = 0x34; // '4'
const SIO_CONNECT = 0x30; // '0'
const SIO_DISCONNECT = 0x31; // '1'
const SIO_EVENT = 0x32; // '2'
const SIO_ACK = 0x33; // '3'
const SIO_CONNECT_ERROR = 0x34; // '4'
const OPEN_BRACKET = 0x5b; // '['

type Listener = (payload: never) => void;

/**
 * A socket.io client reduced to what a load generator needs, speaking the wire protocol
 * (engine.io v4 over WebSocket, socket.io v5) directly on `ws`: no reconnection, no
 * buffering, no per-packet emitter chain. A server event without an ack id (every frame)
 * is parsed once per process and shared (see shared-frames); an emit is one string
 * concatenation around JSON the caller may have encoded once.
 */
export class LeanClient implements LoadClient {
  private readonly ws: WebSocket;
  private readonly listeners = new Map<string, Listener[]>();
  private readonly acks = new Map<number, AckHandler>();
  private nextAckId = 0;
  private isConnected = false;
  private readonly ready: Promise<void>;

  constructor(private readonly spec: ClientSpec) {
    const wsUrl = `${spec.url.replace(/^http/, 'ws').replace(/\/$/, '')}/socket.io/?EIO=4&transport=websocket`;
    this.ws = new WebSocket(wsUrl, { perMessageDeflate: false, handshakeTimeout: spec.timeoutMs, localAddress: spec.localAddress });
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail('CONNECT_TIMEOUT'), spec.timeoutMs);
      const fail = (code: string) => {
        clearTimeout(timer);
        this.ws.terminate();
        reject(new Error(code));
      };
      this.ws.on('message', (data: Buffer) => this.onMessage(data, resolve, fail, timer));
      this.ws.on('error', (err: Error & { code?: string }) => !this.isConnected && fail(connectErrorCode(err.code ?? err.message)));
      this.ws.on('close', (code: number) => {
        if (!this.isConnected) return fail('CONNECT_CLOSED');
        this.isConnected = false;
        this.dispatch('disconnect', `transport close ${code}`);
      });
    });
    this.ready.catch(() => undefined);
  }

  get connected(): boolean {
    return this.isConnected;
  }

  whenConnected(): Promise<void> {
    return this.ready;
  }

  emit(event: string, payload: object, ack: AckHandler, json?: string): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    const id = this.nextAckId++;
    this.acks.set(id, ack);
    this.ws.send(`42${id}["${event}",${json ?? JSON.stringify(payload)}]`);
  }

  on(event: string, listener: Listener): void {
    const list = this.listeners.get(event);
    if (list) list.push(listener);
    else this.listeners.set(event, [listener]);
  }

  close(): void {
    this.isConnected = false;
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send('41');
    this.ws.close();
  }

  private onMessage(data: Buffer, resolve: () => void, fail: (code: string) => void, timer: NodeJS.Timeout): void {
    const type = data[0];
    if (type === EIO_MESSAGE) {
      const packet = data[1];
      if (packet === SIO_EVENT) this.onEvent(data);
      else if (packet === SIO_ACK) this.onAck(data);
      else if (packet === SIO_CONNECT) {
        clearTimeout(timer);
        this.isConnected = true;
        resolve();
      } else if (packet === SIO_CONNECT_ERROR) {
        const error = JSON.parse(data.toString('utf8', 2)) as { message?: string; data?: { code?: string } };
        fail(connectErrorCode(error.message ?? 'error', error.data));
      } else if (packet === SIO_DISCONNECT) this.ws.close();
    } else if (type === EIO_PING) {
      this.ws.send('3');
    } else if (type === EIO_OPEN) {
      this.ws.send(`40${JSON.stringify({ token: this.spec.token })}`);
    } else if (type === EIO_CLOSE) {
      this.ws.close();
    }
  }

  /** `42["event",payload]`; events with an ack id (`42<id>[`) are not used by the gateway and are ignored. */
  private onEvent(data: Buffer): void {
    if (data[2] !== OPEN_BRACKET) return;
    const [event, payload] = sharedParse(data, 2) as [string, never];
    this.dispatch(event, payload);
  }

  /** `43<id>[reply]`. */
  private onAck(data: Buffer): void {
    let i = 2;
    let id = 0;
    while (i < data.length && data[i] !== OPEN_BRACKET) id = id * 10 + (data[i++] - 0x30);
    const ack = this.acks.get(id);
    if (!ack) return;
    this.acks.delete(id);
    const args = JSON.parse(data.toString('utf8', i)) as never[];
    ack(args[0]);
  }

  private dispatch(event: string, payload: unknown): void {
    const list = this.listeners.get(event);
    if (!list) return;
    for (const listener of list) listener(payload as never);
  }
}

/** Opens a lean client. */
export const openLeanClient: ClientFactory = (spec) => new LeanClient(spec);
