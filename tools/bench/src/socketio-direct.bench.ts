import { ServerEvent } from '@livecast/contracts';
import { FrameWriter, OutboxWebSocketServer, SharedFrame, type DeliveryTarget, type WriteOutcome } from '@livecast/socket-delivery';
import type { Socket } from 'socket.io';
import { ClientFleet } from './lib/client-fleet';
import { printResult, progress } from './lib/measure';
import { roomFrame } from './lib/payload';
import { startSocketIoServer } from './lib/socketio-server';
import { awaitConnected, measureWrites, type WriteTarget } from './lib/write-bench';
import { writeBenchCommand, writeBenchOptions } from './lib/write-options';

/**
 * socket.io written the way livecast's gateway writes: engine.io runs on the gateway's
 * OutboxWebSocketServer, and the gateway's FrameWriter encodes the packet and its
 * WebSocket frame once per frame, then hands the same buffer to each socket's outbox.
 */
const command = writeBenchCommand('socketio-direct', "Frame writes per server CPU second through the gateway's FrameWriter.", 2).parse();

// The gateway's defaults (SLOW_CLIENT_BUFFER_BYTES, and the polling queue limit in app.module).
const LIMITS = { slowBufferBytes: 262_144, slowMaxMs: 10_000, slowQueuedPackets: 64 };

/** Counts the writes that took engine.io's queue instead of the direct frame path. */
const fallback = { writes: 0 };

function connectionOf(socket: Socket): DeliveryTarget {
  const engine = socket.conn;
  const write = engine.write.bind(engine);
  engine.write = (...args: Parameters<typeof engine.write>) => {
    fallback.writes++;
    return write(...args);
  };
  return { socket, skipped: 0, slowSince: 0 };
}

async function main(): Promise<void> {
  const options = writeBenchOptions(command);
  const payload = roomFrame(options.frameBytes);
  const server = await startSocketIoServer({ wsEngine: OutboxWebSocketServer });
  const writer = new FrameWriter(LIMITS);
  const connections: DeliveryTarget[] = [];
  const outcomes: Record<WriteOutcome, number> = { sent: 0, skipped: 0, 'too-slow': 0, closed: 0 };
  server.io.on('connection', (socket) => connections.push(connectionOf(socket)));
  progress(`socket.io server at ${server.url}; connecting ${options.sockets} sockets from ${options.clientProcs} process(es)`);
  const fleet = await ClientFleet.start('socketio', server.url, options.sockets, options.clientProcs);
  const target: WriteTarget = {
    connected: () => connections.length,
    writeAll: () => {
      // As the gateway does per NATS frame: the JSON arrives as a string, is prepared once, then written to each member.
      const prepared = new SharedFrame(ServerEvent.RoomFrame, JSON.stringify(payload), 0);
      const now = Date.now();
      let sent = 0;
      for (const connection of connections) {
        const outcome = writer.write(connection, prepared, now);
        outcomes[outcome]++;
        if (outcome === 'sent') sent++;
      }
      return sent;
    },
    bytesWritten: () => server.bytesWritten(),
  };
  try {
    await awaitConnected(target, options.sockets);
    const result = await measureWrites(target, fleet, options, 'FrameWriter');
    printResult({
      bench: 'socketio-direct',
      node: process.version,
      ...options,
      payloadBytes: JSON.stringify(payload).length,
      result,
      // Including the warm-up; `engineWrites` went through engine.io's queue instead of the direct path.
      outcomes: { ...outcomes, engineWrites: fallback.writes },
    });
  } finally {
    fleet.close();
    await server.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
