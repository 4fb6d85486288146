import { mintToken } from '@livecast/auth';
import { ClientEvent, ServerEvent, type Ack, type MessageSendResult, type Role, type RoomFrame, type RoomJoinResult } from '@livecast/contracts';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { suiteEnv } from './suite-env';

let userCounter = 0;

/** A unique id per test run, so specs never share rooms or users. */
export function uniqueId(prefix: string): string {
  userCounter++;
  return `${prefix}-${process.pid}-${userCounter}-${Math.floor(Math.random() * 1e6)}`;
}

export function tokenFor(sub: string, role: Role = 'viewer'): string {
  return mintToken(suiteEnv().jwtSecret, { sub, role, name: sub });
}

/** A socket.io viewer that records every frame and control event it receives. */
export class TestViewer {
  readonly frames: RoomFrame[] = [];
  readonly controls: { action: string; userId?: string; online?: number; roomId: string; receivedAt: number }[] = [];
  readonly closing: { code: string }[] = [];

  constructor(readonly socket: Socket) {
    socket.on(ServerEvent.RoomFrame, (frame: RoomFrame) => this.frames.push(frame));
    socket.on(ServerEvent.RoomControl, (control: TestViewer['controls'][number]) => this.controls.push({ ...control, receivedAt: Date.now() }));
    socket.on(ServerEvent.Disconnecting, (closing: { code: string }) => this.closing.push(closing));
  }

  emit<T extends object = Record<string, unknown>>(event: string, payload: unknown, timeoutMs = 5000): Promise<Ack<T>> {
    return this.socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<Ack<T>>;
  }

  join(roomId: string, sinceSeq?: number) {
    return this.emit<RoomJoinResult>(ClientEvent.RoomJoin, sinceSeq === undefined ? { roomId } : { roomId, sinceSeq });
  }

  leave(roomId: string) {
    return this.emit(ClientEvent.RoomLeave, { roomId });
  }

  send(roomId: string, text: string, kind = 'chat', clientMsgId = uniqueId('m')) {
    return this.emit<MessageSendResult>(ClientEvent.MessageSend, { roomId, clientMsgId, kind, text });
  }

  /** Messages received in frames of a room, in arrival order. */
  messagesOf(roomId: string): { seq: number; text: string; kind: string }[] {
    return this.frames.filter((f) => f.roomId === roomId).flatMap((f) => f.messages);
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** Connects a viewer to gateway `index` (0 or 1, or a URL) with a token for `userId`, or as a guest. */
export function connectViewer(index: number | string, userId?: string, role: Role = 'viewer'): Promise<TestViewer> {
  const url = typeof index === 'string' ? index : suiteEnv().gateways[index];
  return connectWithToken(url, userId === undefined ? undefined : tokenFor(userId, role));
}

/** Connects a viewer with any token (undefined: a guest) and extra socket.io options; rejects with the handshake's error. */
export async function connectWithToken(url: string, token: string | undefined, options: Partial<ManagerOptions & SocketOptions> = {}): Promise<TestViewer> {
  const socket = io(url, { transports: ['websocket'], auth: token === undefined ? {} : { token }, reconnection: false, forceNew: true, ...options });
  const viewer = new TestViewer(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return viewer;
}

/** Polls `check` until it returns true or the time is up; returns whether it did. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5000, stepMs = 25): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return check();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
