import type { ClientKind, ClientStats, FleetCommand, FleetEvent } from '../lib/fleet-protocol';
import { cpuSecondsNow } from '../lib/measure';
import { connectSocketIo } from './socketio-connector';
import { connectWs } from './ws-connector';

/**
 * A child process holding benchmark client sockets, so their CPU is not counted in the
 * server's. Driven over IPC by ClientFleet: connect, report stats, close.
 */
const CONNECT_BATCH = 100;
const stats: ClientStats = { frames: 0, bytes: 0, cpuSeconds: 0, disconnects: 0 };
const closers: (() => void)[] = [];

function send(event: FleetEvent): void {
  process.send?.(event);
}

async function connectAll(kind: ClientKind, url: string, sockets: number): Promise<void> {
  const connect = kind === 'ws' ? connectWs : connectSocketIo;
  // Batches keep the server's accept backlog from overflowing.
  for (let opened = 0; opened < sockets; opened += CONNECT_BATCH) {
    const batch = Math.min(CONNECT_BATCH, sockets - opened);
    closers.push(...(await Promise.all(Array.from({ length: batch }, () => connect(url, stats)))));
  }
  send({ type: 'connected', sockets: closers.length });
}

process.on('message', (command: FleetCommand) => {
  switch (command.type) {
    case 'connect':
      connectAll(command.kind, command.url, command.sockets).catch((err: unknown) => send({ type: 'error', message: String(err) }));
      return;
    case 'stats':
      send({ type: 'stats', ...stats, cpuSeconds: cpuSecondsNow() });
      return;
    case 'close':
      for (const close of closers) close();
      process.disconnect();
      setTimeout(() => process.exit(0), 200).unref();
      return;
  }
});
process.on('disconnect', () => process.exit(0));
