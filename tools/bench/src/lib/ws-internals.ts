import type { Socket } from 'node:net';
import { WebSocket } from 'ws';

/** `ws`'s frame sender: not in @types/ws, stable across ws 8. */
export interface WsSender {
  sendFrame(frame: Buffer[], cb?: () => void): void;
}

/** A server-side `ws` socket with the internals a direct writer uses. */
export type RawWebSocket = WebSocket & { _sender: WsSender; _socket: Socket };

interface SenderStatic {
  frame(data: Buffer, options: { readOnly: boolean; mask: boolean; rsv1: boolean; opcode: number; fin: boolean }): Buffer[];
}

const Sender = (WebSocket as unknown as { Sender: SenderStatic }).Sender;

/** The complete unmasked text frame of `payload`, built once and shared by every socket. */
export function textFrame(payload: Buffer): Buffer[] {
  return Sender.frame(payload, { readOnly: true, mask: false, rsv1: false, opcode: 1, fin: true });
}

/** Sum of bytes written by the TCP sockets under these WebSockets. */
export function bytesWrittenBy(sockets: Iterable<RawWebSocket | undefined>): number {
  let total = 0;
  for (const ws of sockets) total += ws?._socket?.bytesWritten ?? 0;
  return total;
}
