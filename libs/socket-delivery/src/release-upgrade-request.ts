import type { EventEmitter } from 'node:events';

/** What of a socket.io socket holds on to its HTTP upgrade request after the handshake. */
export interface HandshakeHolder {
  conn: { request?: unknown; transport?: { name?: string; socket?: Pick<EventEmitter, 'listeners' | 'removeListener'> & { _socket?: Pick<EventEmitter, 'listeners' | 'removeListener'> } } };
  handshake: { headers: object; query: object; url: string };
}

const NOTHING = Object.freeze({});
/** The source of engine.io's `WebSocketResponse` close forwarder; its `this` is the response, which holds the request. */
const UPGRADE_RESPONSE_CLOSE = '() => this.emit("close")';

/**
 * Lets the HTTP upgrade request of a connection be collected once the handshake is done
 * (about a kilobyte per idle connection: the request, its headers and parsed query). It
 * is held by engine.io's socket (`request`), by socket.io's handshake (headers, query,
 * url), by the closure context of the `error` listener engine.io puts on the WebSocket
 * before the upgrade and never removes (`onUpgradeError`), and by the `close` listener its
 * upgrade response object leaves on the TCP socket (engine.io 6.6 `WebSocketResponse`).
 * Call it once the socket is authenticated: nothing reads those afterwards. Listeners
 * that do not match (another engine.io) are left alone.
 */
export function releaseUpgradeRequest(socket: HandshakeHolder): void {
  socket.conn.request = undefined;
  socket.handshake.headers = NOTHING;
  socket.handshake.query = NOTHING;
  socket.handshake.url = '';
  const ws = socket.conn.transport?.name === 'websocket' ? socket.conn.transport.socket : undefined;
  for (const listener of ws?.listeners('error') ?? []) if (listener.name === 'onUpgradeError') ws?.removeListener('error', listener as never);
  const tcp = ws?._socket;
  for (const listener of tcp?.listeners('close') ?? []) if (String(listener) === UPGRADE_RESPONSE_CLOSE) tcp?.removeListener('close', listener as never);
}
