import { ServerEvent } from '@livecast/contracts';
import { ClientFleet } from './lib/client-fleet';
import { printResult, progress } from './lib/measure';
import { BENCH_ROOM, roomFrame } from './lib/payload';
import { startSocketIoServer } from './lib/socketio-server';
import { awaitConnected, measureWrites, type WriteTarget } from './lib/write-bench';
import { writeBenchCommand, writeBenchOptions } from './lib/write-options';

/**
 * The stock socket.io reference: `io.to(room).emit(event, payload)` to every socket of
 * one room, the path an unmodified socket.io app takes (the adapter encodes the packet
 * once; engine.io queues and flushes it per socket).
 */
const command = writeBenchCommand('socketio-broadcast', 'Frame writes per server CPU second through io.to(room).emit().', 2).parse();

async function main(): Promise<void> {
  const options = writeBenchOptions(command);
  const payload = roomFrame(options.frameBytes);
  const server = await startSocketIoServer();
  progress(`socket.io server at ${server.url}; connecting ${options.sockets} sockets from ${options.clientProcs} process(es)`);
  const fleet = await ClientFleet.start('socketio', server.url, options.sockets, options.clientProcs);
  const target: WriteTarget = {
    connected: () => server.sockets.size,
    writeAll: () => {
      server.io.to(BENCH_ROOM).emit(ServerEvent.RoomFrame, payload);
      return server.io.of('/').adapter.rooms.get(BENCH_ROOM)?.size ?? 0;
    },
    bytesWritten: () => server.bytesWritten(),
  };
  try {
    await awaitConnected(target, options.sockets);
    const result = await measureWrites(target, fleet, options, 'io.to(room).emit');
    printResult({ bench: 'socketio-broadcast', node: process.version, ...options, payloadBytes: JSON.stringify(payload).length, result });
  } finally {
    fleet.close();
    await server.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
