import {
  ClientEvent,
  ErrorCode,
  LivecastError,
  ServerEvent,
  errorAck,
  messageSendRequest,
  normalizeText,
  okAck,
  roomJoinRequest,
  roomLeaveRequest,
  createValidator,
  RoleSchema,
  UserIdSchema,
  type AckCallback,
  type Principal,
} from '@livecast/contracts';
import { Type } from '@sinclair/typebox';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import jwt from 'jsonwebtoken';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { Server, type Socket } from 'socket.io';
import { PeerStore, type PeerStoreOptions } from './peer-rooms';

/** How one peer server runs. */
export interface PeerOptions extends PeerStoreOptions {
  port: number;
  jwtSecret: string;
  historyOnJoin: number;
}

const registry = new Registry();
collectDefaultMetrics({ register: registry });
// The loadgen reads this gauge by the gateway's metric name.
const connections = new Gauge({ name: 'livecast_gateway_connections', help: 'open socket connections', registers: [registry] });

/** Claims of the HS256 tokens the load generator mints (`mintToken`): the peer reads no others. */
const tokenClaims = createValidator(Type.Object({ sub: UserIdSchema, name: Type.Optional(Type.String({ maxLength: 64 })), role: RoleSchema, exp: Type.Integer() }));

function verify(key: KeyObject, token: unknown): Principal {
  const claims = jwt.verify(String(token ?? ''), key, { algorithms: ['HS256'] });
  if (!tokenClaims.is(claims)) throw new LivecastError(ErrorCode.Unauthenticated, 'token claims invalid');
  return { id: claims.sub, name: claims.name ?? claims.sub, role: claims.role, guest: false };
}

/** Runs `work` for an event and answers its ack, as a plain socket.io handler does. */
function answer(ack: unknown, work: () => Promise<object>): void {
  if (typeof ack !== 'function') return;
  const reply = ack as AckCallback<object>;
  work().then(
    (body) => reply(okAck(body)),
    (err: unknown) => reply(errorAck(err)),
  );
}

/**
 * The peer: livecast's client protocol written the way a Node team writes it in an
 * afternoon — stock Socket.IO with the Redis adapter, one socket.io room per live room,
 * `io.to(room).emit` of every message as its own frame, state and counters in Redis. It
 * exists only so benchmarks can measure livecast against it with the same client.
 */
export async function startPeer(options: PeerOptions, pub: Redis, sub: Redis): Promise<{ http: HttpServer; io: Server }> {
  const key = createSecretKey(Buffer.from(options.jwtSecret, 'utf8'));
  const store = new PeerStore(pub, options);
  const http = createServer((req, res) => void admin(req, res, key, store));
  const io = new Server(http, { adapter: createAdapter(pub, sub, { key: options.prefix }), serveClient: false, cors: { origin: true } });
  io.use((socket, next) => {
    try {
      socket.data.principal = verify(key, (socket.handshake.auth as { token?: unknown }).token);
      next();
    } catch {
      next(Object.assign(new Error('token invalid'), { data: { code: ErrorCode.Unauthenticated, message: 'token invalid' } }));
    }
  });
  io.on('connection', (socket) => onConnection(io, socket, store, options));
  await new Promise<void>((resolve) => http.listen(options.port, '0.0.0.0', resolve));
  return { http, io };
}

function onConnection(io: Server, socket: Socket, store: PeerStore, options: PeerOptions): void {
  const principal = socket.data.principal as Principal;
  connections.inc();
  socket.on(ClientEvent.RoomJoin, (payload: unknown, ack: unknown) =>
    answer(ack, async () => {
      const { roomId, sinceSeq } = roomJoinRequest.parse(payload);
      const room = await store.room(roomId);
      if (!room) throw new LivecastError(ErrorCode.RoomNotFound, `room ${roomId} does not exist`);
      const first = !socket.rooms.has(roomId);
      await socket.join(roomId);
      const online = first ? await store.changeOnline(roomId, 1) : await store.online(roomId);
      const { messages, lastSeq } = await store.history(roomId, options.historyOnJoin, sinceSeq);
      return { room: { id: roomId, title: room.title, online }, history: messages, truncated: false, lastSeq };
    }),
  );
  socket.on(ClientEvent.RoomLeave, (payload: unknown, ack: unknown) =>
    answer(ack, async () => {
      const { roomId } = roomLeaveRequest.parse(payload);
      if (socket.rooms.has(roomId)) {
        await socket.leave(roomId);
        await store.changeOnline(roomId, -1);
      }
      return {};
    }),
  );
  socket.on(ClientEvent.MessageSend, (payload: unknown, ack: unknown) =>
    answer(ack, async () => {
      const request = messageSendRequest.parse(payload);
      if (!socket.rooms.has(request.roomId)) throw new LivecastError(ErrorCode.NotInRoom, 'join first');
      const text = normalizeText(request.text, request.kind);
      await store.spend(principal.id);
      const { message, duplicate } = await store.append({ roomId: request.roomId, kind: request.kind, text, clientMsgId: request.clientMsgId, from: principal, ts: Date.now() });
      if (!duplicate) {
        io.to(request.roomId).emit(ServerEvent.RoomFrame, { roomId: request.roomId, fromSeq: message.seq, toSeq: message.seq, messages: [message], shaped: { dropped: 0, likes: 0 } });
      }
      return { seq: message.seq, duplicate, message };
    }),
  );
  socket.on('disconnecting', () => {
    connections.dec();
    for (const roomId of socket.rooms) if (roomId !== socket.id) void store.changeOnline(roomId, -1);
  });
}

/** `POST /rooms` (host or admin token), `GET /metrics`, `GET /health/ready`. */
async function admin(req: IncomingMessage, res: ServerResponse, key: KeyObject, store: PeerStore): Promise<void> {
  const send = (status: number, body: object | string, type = 'application/json') => {
    res.writeHead(status, { 'content-type': type }).end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  try {
    if (req.method === 'GET' && req.url === '/metrics') return send(200, await registry.metrics(), registry.contentType);
    if (req.method === 'GET' && req.url?.startsWith('/health/')) return send(200, { status: 'ok' });
    if (req.method !== 'POST' || req.url !== '/rooms') return send(404, { error: { code: ErrorCode.NotFound, message: 'no such route' } });
    const caller = verify(key, /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]);
    if (caller.role !== 'host' && caller.role !== 'admin') return send(403, { error: { code: ErrorCode.Forbidden, message: 'host or admin only' } });
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    const body = JSON.parse(raw) as { id: string; title: string };
    if (!(await store.open(body.id, body.title, caller.id))) return send(409, { error: { code: ErrorCode.RoomExists, message: 'room exists' } });
    send(201, { ...body, hostId: caller.id, status: 'open', online: 0 });
  } catch (err) {
    send(400, { error: LivecastError.from(err).toWire() });
  }
}
