import { OriginPolicy, TokenVerifier, type VerifiedToken } from '@livecast/auth';
import { ErrorCode, LivecastError, ServerEvent, type ClientToServerEventsUnchecked, type ServerToClientEvents } from '@livecast/contracts';
import { counter } from '@livecast/service-runtime';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage } from 'node:http';
import { FrameWriter, OutboxWebSocketServer, SharedFrame } from '@livecast/socket-delivery';
import { Server } from 'socket.io';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import type { GatewaySocket } from '../connections/connection';
import { ConnectionRegistry } from '../connections/connection-registry';
import { ConnectionHandler } from './connection.handler';

const refused = counter('gateway_connections_refused_total', 'handshakes refused, by error code', ['code'] as const);

/**
 * The socket.io server on the gateway's HTTP port: checks the Origin of every handshake
 * and upgrade request, authenticates handshakes and hands sockets to the handler.
 */
@Injectable()
export class SocketServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('SocketServer');
  private io?: Server<ClientToServerEventsUnchecked, ServerToClientEvents>;
  private readonly origins: OriginPolicy;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly verifier: TokenVerifier,
    private readonly registry: ConnectionRegistry,
    private readonly writer: FrameWriter,
    private readonly handler: ConnectionHandler,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {
    this.origins = new OriginPolicy((config.ALLOWED_ORIGINS ?? '').split(',').filter((o) => o.trim() !== ''));
  }

  onApplicationBootstrap(): void {
    const io = new Server<ClientToServerEventsUnchecked, ServerToClientEvents>(this.adapterHost.httpAdapter.getHttpServer(), {
      transports: this.config.TRANSPORTS.split(',') as ('websocket' | 'polling')[],
      maxHttpBufferSize: this.config.MAX_PAYLOAD_BYTES,
      // Every message leaves through a per-socket outbox, one write per socket per turn.
      wsEngine: OutboxWebSocketServer,
      perMessageDeflate: this.perMessageDeflate(),
      httpCompression: false,
      serveClient: false,
      cors: { origin: this.origins.corsOrigin },
      // CORS does not stop a browser's WebSocket: the Origin is checked on the upgrade too.
      allowRequest: (request, callback) => this.allowOrigin(request, callback),
    });
    io.use((socket, next) => {
      this.authenticate(socket).then(
        (verified) => {
          socket.data.verified = verified;
          next();
        },
        (err: unknown) => {
          const error = LivecastError.from(err);
          refused.inc({ code: error.code });
          next(Object.assign(new Error(error.message), { data: error.toWire() }));
        },
      );
    });
    io.on('connection', (socket) => this.handler.attach(socket, socket.data.verified as VerifiedToken));
    this.io = io;
  }

  /** Tells every client to reconnect elsewhere, then closes them, before NATS drains. */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.io) return;
    this.logger.log(`closing ${this.registry.size} connection(s)`);
    // Through the writer, like every other server message: behind what each outbox holds.
    const notice = new SharedFrame(ServerEvent.Disconnecting, JSON.stringify({ code: ErrorCode.ShuttingDown, message: 'server is restarting: reconnect' }), 0);
    for (const connection of this.registry.all()) this.writer.writeControl(connection, notice);
    // Not io.close(): that would also close the HTTP server, which Nest closes itself.
    this.io.disconnectSockets(true);
    this.io.engine.close();
  }

  /**
   * Offered so shared frames can go out compressed once per gateway: no context takeover
   * (each message stands alone, so the same bytes suit every socket), and nothing is ever
   * compressed per socket (the threshold is never reached).
   */
  private perMessageDeflate(): false | { threshold: number; serverNoContextTakeover: true; clientNoContextTakeover: true } {
    if (this.config.FRAME_DEFLATE_LEVEL === 0) return false;
    return { threshold: Number.POSITIVE_INFINITY, serverNoContextTakeover: true, clientNoContextTakeover: true };
  }

  private authenticate(socket: GatewaySocket): Promise<VerifiedToken> {
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    return this.verifier.verify(auth?.token);
  }

  private allowOrigin(request: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void): void {
    if (this.origins.allows(request.headers.origin)) return callback(null, true);
    refused.inc({ code: ErrorCode.Forbidden });
    callback('origin not allowed', false);
  }
}
