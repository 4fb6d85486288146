import type { Socket } from 'node:net';
import { WebSocket } from 'ws';
import { flushAtEndOfTurn, type Flushable } from './flush-queue';
import { OPCODE_BINARY, frameOf, textFrameOf } from './ws-frame';

type SendCallback = (err?: Error) => void;

/** The window a shared compressed frame is made with; a socket that allowed less gets the plain frame. */
export const SHARED_DEFLATE_WINDOW_BITS = 15;

interface DeflateExtension {
  params: { server_no_context_takeover?: boolean; server_max_window_bits?: number };
}

/** `ws` internals this subclass uses (stable across ws 8, not in @types/ws). */
interface WebSocketInternals {
  setSocket(socket: Socket, head: Buffer, options: object): void;
  _socket?: Socket;
  _extensions: Record<string, DeflateExtension | undefined>;
}
const wsSetSocket = (WebSocket.prototype as unknown as WebSocketInternals).setSocket;

/**
 * A server-side `ws` WebSocket whose messages wait in a per-socket outbox until the end of
 * the event-loop turn and then leave in one write: engine.io's packets (acks, control
 * events, pings) and frames shared by many sockets (`enqueueFrame`, the same Buffer for
 * every socket, never copied). Messages are never compressed per socket; a frame
 * compressed once per gateway is written as is to the sockets that can take it
 * (`takesSharedDeflate`). Close frames go out after what the outbox holds.
 */
export class OutboxWebSocket extends WebSocket implements Flushable {
  private outHead: Buffer | undefined;
  private outRest: Buffer[] | undefined;
  private outBytes = 0;
  /** Whether this socket negotiated permessage-deflate so that a frame compressed once for everyone is valid for it. */
  takesSharedDeflate = false;

  /** Bytes not yet handed to the kernel: the outbox and the TCP socket's own buffer. */
  get queuedBytes(): number {
    const socket = this.internals()._socket;
    return this.outBytes + (socket ? socket.writableLength : 0);
  }

  /** Called by `ws` once the upgrade is done, with the negotiated extensions in place. */
  setSocket(socket: Socket, head: Buffer, options: object): void {
    wsSetSocket.call(this, socket, head, options);
    const deflate = this.internals()._extensions['permessage-deflate'];
    const bits = deflate?.params.server_max_window_bits;
    this.takesSharedDeflate = deflate?.params.server_no_context_takeover === true && (bits === undefined || bits >= SHARED_DEFLATE_WINDOW_BITS);
  }

  /**
   * engine.io's write: the message is framed into one buffer and queued; the callback runs
   * at once, so engine.io hands over everything it has this turn instead of waiting.
   */
  override send(data: unknown, options?: SendCallback | object, cb?: SendCallback): void {
    const callback = typeof options === 'function' ? (options as SendCallback) : cb;
    if (this.readyState !== WebSocket.OPEN || (typeof data !== 'string' && !Buffer.isBuffer(data))) {
      super.send(data as string, typeof options === 'object' ? options : {}, callback);
      return;
    }
    this.enqueueFrame(typeof data === 'string' ? textFrameOf(data) : frameOf(data, false, OPCODE_BINARY));
    callback?.();
  }

  /** Queues a complete WebSocket frame; the buffer is shared, not copied, and must not change. */
  enqueueFrame(frame: Buffer): void {
    if (this.outHead === undefined) {
      this.outHead = frame;
      flushAtEndOfTurn(this);
    } else (this.outRest ??= []).push(frame);
    this.outBytes += frame.length;
  }

  override close(code?: number, data?: string | Buffer): void {
    this.flushOutbox();
    super.close(code, data);
  }

  flushOutbox(): void {
    const head = this.outHead;
    if (head === undefined) return;
    const rest = this.outRest;
    this.outHead = undefined;
    this.outRest = undefined;
    this.outBytes = 0;
    const socket = this.internals()._socket;
    if (!socket || !socket.writable) return;
    if (rest === undefined) {
      socket.write(head);
      return;
    }
    socket.cork();
    socket.write(head);
    for (const frame of rest) socket.write(frame);
    socket.uncork();
  }

  private internals(): WebSocketInternals {
    return this as unknown as WebSocketInternals;
  }
}
