import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import { BENCH_ROOM } from './payload';
import { bytesWrittenBy, type RawWebSocket } from './ws-internals';

/** A stock socket.io server configured as the gateway configures its own, every socket in BENCH_ROOM. */
export interface BenchSocketIoServer {
  readonly io: Server;
  readonly url: string;
  /** Connected sockets, in connection order. */
  readonly sockets: Map<string, Socket>;
  bytesWritten(): number;
  close(): Promise<void>;
}

interface EngineWebSocketTransport {
  socket?: RawWebSocket;
}

/** Starts the server on a free port of 127.0.0.1; `wsEngine` swaps engine.io's `ws` server (the gateway's outbox). */
export async function startSocketIoServer(engine: Pick<Partial<ServerOptions>, 'wsEngine'> = {}): Promise<BenchSocketIoServer> {
  const http = createServer();
  const io = new Server(http, {
    ...engine,
    transports: ['websocket'],
    // As in the gateway: frames are written pre-encoded, compression would cost CPU per socket.
    perMessageDeflate: false,
    httpCompression: false,
    serveClient: false,
  });
  const sockets = new Map<string, Socket>();
  io.on('connection', (socket) => {
    socket.join(BENCH_ROOM);
    sockets.set(socket.id, socket);
    socket.on('disconnect', () => sockets.delete(socket.id));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const rawSockets = function* (): Iterable<RawWebSocket | undefined> {
    for (const socket of sockets.values()) yield (socket.conn.transport as unknown as EngineWebSocketTransport).socket;
  };
  return {
    io,
    url: `http://127.0.0.1:${port}`,
    sockets,
    bytesWritten: () => bytesWrittenBy(rawSockets()),
    close: () => new Promise((resolve) => io.close(() => resolve())),
  };
}
