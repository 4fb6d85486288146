import type { Socket } from 'node:net';
import { WebSocket } from 'ws';
import type { ClientStats } from '../lib/fleet-protocol';

/** An open benchmark client: how to close it and how many TCP bytes it has read. */
export interface OpenClient {
  close(): void;
  wireBytes(): number;
}

/** Bytes a `ws` client's TCP socket has read so far. */
export function bytesReadBy(ws: WebSocket): number {
  return (ws as unknown as { _socket?: Socket })._socket?.bytesRead ?? 0;
}

/** Opens one bare `ws` client that counts every message and its bytes into `stats`. */
export function connectWs(url: string, stats: ClientStats, deflate = false): Promise<OpenClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: deflate });
    ws.on('message', (data: Buffer) => {
      stats.frames++;
      stats.bytes += data.length;
    });
    ws.once('open', () => resolve({ close: () => ws.terminate(), wireBytes: () => bytesReadBy(ws) }));
    ws.once('error', reject);
    ws.on('close', () => stats.disconnects++);
  });
}
