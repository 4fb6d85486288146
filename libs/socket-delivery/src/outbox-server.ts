import { WebSocketServer, type ServerOptions } from 'ws';
import { OutboxWebSocket } from './outbox-websocket';

/**
 * The `ws` server engine.io is given as `wsEngine`: the same server, whose sockets are
 * OutboxWebSockets. engine.io constructs it with its own options (noServer, deflate, max
 * payload); only the socket class is added.
 */
export class OutboxWebSocketServer extends WebSocketServer {
  constructor(options: ServerOptions, callback?: () => void) {
    super({ ...options, WebSocket: OutboxWebSocket }, callback);
  }
}
