import { ServerEvent } from '@livecast/contracts';
import { io } from 'socket.io-client';
import type { ClientStats } from '../lib/fleet-protocol';

/**
 * Opens one socket.io client over websocket only (its own engine.io connection:
 * `forceNew`) that counts every `room:frame` event; the payload is fully parsed
 * by socket.io before the handler runs, so counting it means it was drained.
 */
export function connectSocketIo(url: string, stats: ClientStats): Promise<() => void> {
  return new Promise((resolve, reject) => {
    const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
    socket.on(ServerEvent.RoomFrame, () => {
      stats.frames++;
    });
    socket.once('connect', () => resolve(() => socket.disconnect()));
    socket.once('connect_error', reject);
    socket.on('disconnect', () => stats.disconnects++);
  });
}
