import { WebSocket } from 'ws';
import type { ClientStats } from '../lib/fleet-protocol';

/** Opens one bare `ws` client that counts every message and its bytes into `stats`. */
export function connectWs(url: string, stats: ClientStats): Promise<() => void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.on('message', (data: Buffer) => {
      stats.frames++;
      stats.bytes += data.length;
    });
    ws.once('open', () => resolve(() => ws.terminate()));
    ws.once('error', reject);
    ws.on('close', () => stats.disconnects++);
  });
}
