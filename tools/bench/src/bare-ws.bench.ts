import { Option } from 'commander';
import { WebSocket, WebSocketServer } from 'ws';
import { ClientFleet } from './lib/client-fleet';
import { printResult, progress } from './lib/measure';
import { roomFrame } from './lib/payload';
import { awaitConnected, measureWrites, type WritePhaseResult, type WriteTarget } from './lib/write-bench';
import { writeBenchCommand, writeBenchOptions } from './lib/write-options';
import { bytesWrittenBy, textFrame, type RawWebSocket } from './lib/ws-internals';

/**
 * The physical limit: a bare `ws` server writing the same frame to every socket, with
 * no socket.io, no engine.io and no per-socket encoding. `sendFrame` writes a frame
 * built once; `send` is the plain `ws.send(buffer)` that frames per call.
 */
const VARIANTS = ['sendFrame', 'send'] as const;
type Variant = (typeof VARIANTS)[number];

const command = writeBenchCommand('bare-ws', 'Frame writes per server CPU second through a bare ws server.')
  .addOption(new Option('--variant <name>', 'write path to measure').choices([...VARIANTS, 'both']).default('both'))
  .parse();

const noop = (): void => undefined;
// Hoisted: ws.send spreads its options into a new object per call anyway.
const SEND_AS_TEXT = { binary: false };

function target(sockets: RawWebSocket[], variant: Variant, payload: Buffer): WriteTarget {
  const frame = textFrame(payload);
  const writeAll =
    variant === 'sendFrame'
      ? () => {
          let writes = 0;
          for (const ws of sockets) {
            if (ws.readyState !== WebSocket.OPEN) continue;
            ws._sender.sendFrame(frame, noop);
            writes++;
          }
          return writes;
        }
      : () => {
          let writes = 0;
          for (const ws of sockets) {
            if (ws.readyState !== WebSocket.OPEN) continue;
            ws.send(payload, SEND_AS_TEXT);
            writes++;
          }
          return writes;
        };
  return { connected: () => sockets.length, writeAll, bytesWritten: () => bytesWrittenBy(sockets) };
}

async function main(): Promise<void> {
  const options = writeBenchOptions(command);
  const variant = command.opts<{ variant: Variant | 'both' }>().variant;
  const payload = Buffer.from(JSON.stringify(roomFrame(options.frameBytes)));
  const sockets: RawWebSocket[] = [];
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, clientTracking: false });
  wss.on('connection', (ws) => sockets.push(ws as RawWebSocket));
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  const { port } = wss.address() as { port: number };
  progress(`ws server on ${port}; connecting ${options.sockets} sockets from ${options.clientProcs} process(es)`);
  const fleet = await ClientFleet.start('ws', `ws://127.0.0.1:${port}`, options.sockets, options.clientProcs);
  const results: Partial<Record<Variant, WritePhaseResult>> = {};
  try {
    await awaitConnected({ connected: () => sockets.length, writeAll: () => 0, bytesWritten: () => 0 }, options.sockets);
    for (const v of variant === 'both' ? VARIANTS : [variant]) {
      results[v] = await measureWrites(target(sockets, v, payload), fleet, options, v);
    }
  } finally {
    fleet.close();
    for (const ws of sockets) ws.terminate();
    wss.close();
  }
  printResult({
    bench: 'bare-ws',
    node: process.version,
    ...options,
    payloadBytes: payload.length,
    wireFrameBytes: textFrame(payload).reduce((n, b) => n + b.length, 0),
    results,
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
