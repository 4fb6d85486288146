import { Names, ServerEvent } from '@livecast/contracts';
import { SharedFrame } from '@livecast/socket-delivery';
import type { Socket } from 'node:net';
import { connect } from 'nats';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * The physical limit of delivery, in its own process so its CPU is its own: a bare `ws`
 * server that takes the same frames from NATS as the gateway, builds each frame's bytes
 * once (plain, and compressed once for sockets that negotiated permessage-deflate) and
 * writes the same buffer to every socket with one `socket.write`. No socket.io, no
 * engine.io, no checks, no backpressure: what any server delivering these frames must pay.
 * It answers the handshake of the bench's livecast client with canned packets, so both
 * servers are read by the very same clients.
 */
interface Start {
  natsUrl: string;
  namespace: string;
  roomId: string;
  deflateLevel: number;
}

type Reply = { type: 'listening'; port: number } | { type: 'cpu'; cpuSeconds: number; sockets: number; writes: number };

const OFFER = { threshold: Number.POSITIVE_INFINITY, serverNoContextTakeover: true, clientNoContextTakeover: true };
const sockets: Array<{ tcp: Socket; deflate: boolean }> = [];
let writes = 0;

function takesDeflate(ws: WebSocket): boolean {
  const extension = (ws as unknown as { _extensions: Record<string, { params: { server_max_window_bits?: number } } | undefined> })._extensions['permessage-deflate'];
  return extension !== undefined && (extension.params.server_max_window_bits ?? 15) >= 15;
}

async function start(options: Start): Promise<void> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, clientTracking: false, perMessageDeflate: options.deflateLevel > 0 ? OFFER : false });
  wss.on('connection', (ws) => {
    ws.send('0{"sid":"bare","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":16384}');
    ws.on('message', (data: Buffer) => {
      if (data.toString('latin1', 0, 2) === '40') ws.send('40{"sid":"bare"}');
      else if (data.toString('latin1', 0, 3) === '420') {
        ws.send('430[{"ok":true}]');
        sockets.push({ tcp: (ws as unknown as { _socket: Socket })._socket, deflate: takesDeflate(ws) });
      }
    });
  });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  const nc = await connect({ servers: options.natsUrl });
  nc.subscribe(new Names(options.namespace).deliver(options.roomId).subject, {
    callback: (_err, msg) => {
      const frame = new SharedFrame(ServerEvent.RoomFrame, msg.string(), options.deflateLevel);
      for (const socket of sockets) socket.tcp.write(socket.deflate ? frame.deflated() : frame.plain);
      writes += sockets.length;
    },
  });
  process.send?.({ type: 'listening', port: (wss.address() as { port: number }).port } satisfies Reply);
}

process.on('message', (command: { type: 'start'; options: Start } | { type: 'cpu' }) => {
  if (command.type === 'start') void start(command.options);
  else {
    const cpu = process.cpuUsage();
    process.send?.({ type: 'cpu', cpuSeconds: (cpu.user + cpu.system) / 1e6, sockets: sockets.length, writes } satisfies Reply);
  }
});
process.on('disconnect', () => process.exit(0));
