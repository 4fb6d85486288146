import { WebSocket } from 'ws';
import type { ClientStats, ConnectSpec } from '../lib/fleet-protocol';
import { bytesReadBy, type OpenClient } from './ws-connector';

const FRAME_PREFIX = Buffer.from('42["room:frame"');

/**
 * Opens one client speaking livecast's protocol (engine.io v4 + socket.io v5 on `ws`):
 * connects with the token, joins the room, then counts every `room:frame` message. It
 * answers pings, so the gateway keeps it; it parses nothing it only counts.
 */
export function connectLivecast(spec: ConnectSpec, stats: ClientStats): Promise<OpenClient> {
  const { join } = spec;
  if (!join) throw new Error('a livecast client needs a room and a token');
  const ws = new WebSocket(`${spec.url.replace(/^http/, 'ws').replace(/\/$/, '')}/socket.io/?EIO=4&transport=websocket`, { perMessageDeflate: spec.deflate ?? false });
  return new Promise((resolve, reject) => {
    ws.on('message', (data: Buffer) => {
      if (data.subarray(0, FRAME_PREFIX.length).equals(FRAME_PREFIX)) {
        stats.frames++;
        stats.bytes += data.length;
      } else if (data[0] === 0x30) ws.send(`40${JSON.stringify({ token: join.token })}`);
      else if (data[0] === 0x32) ws.send('3');
      else if (data.toString('latin1', 0, 2) === '40') ws.send(`420["room:join",${JSON.stringify({ roomId: join.roomId })}]`);
      else if (data.toString('latin1', 0, 3) === '430') {
        const [ack] = JSON.parse(data.toString('utf8', 3)) as [{ ok: boolean }];
        if (ack.ok) resolve({ close: () => ws.terminate(), wireBytes: () => bytesReadBy(ws) });
        else reject(new Error(`join refused: ${data.toString()}`));
      } else if (data.toString('latin1', 0, 2) === '44') reject(new Error(`connect refused: ${data.toString()}`));
    });
    ws.once('error', reject);
    ws.on('close', () => stats.disconnects++);
  });
}
