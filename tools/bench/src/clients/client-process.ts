import type { ClientStats, ConnectSpec, FleetCommand, FleetEvent } from '../lib/fleet-protocol';
import { cpuSecondsNow } from '../lib/measure';
import { connectLivecast } from './livecast-connector';
import { connectSocketIo } from './socketio-connector';
import { connectWs, type OpenClient } from './ws-connector';

/**
 * A child process holding benchmark client sockets, so their CPU is not counted in the
 * server's. Driven over IPC by ClientFleet: connect, report stats, close.
 */
const CONNECT_BATCH = 100;
const stats: ClientStats = { frames: 0, bytes: 0, wireBytes: 0, cpuSeconds: 0, disconnects: 0 };
const clients: OpenClient[] = [];

function send(event: FleetEvent): void {
  process.send?.(event);
}

function connectOne(spec: ConnectSpec): Promise<OpenClient> {
  if (spec.kind === 'ws') return connectWs(spec.url, stats, spec.deflate);
  if (spec.kind === 'livecast') return connectLivecast(spec, stats);
  return connectSocketIo(spec.url, stats).then((close) => ({ close, wireBytes: () => 0 }));
}

async function connectAll(spec: ConnectSpec): Promise<void> {
  // Batches keep the server's accept backlog from overflowing.
  for (let opened = 0; opened < spec.sockets; opened += CONNECT_BATCH) {
    const batch = Math.min(CONNECT_BATCH, spec.sockets - opened);
    clients.push(...(await Promise.all(Array.from({ length: batch }, () => connectOne(spec)))));
  }
  send({ type: 'connected', sockets: clients.length });
}

process.on('message', (command: FleetCommand) => {
  switch (command.type) {
    case 'connect':
      connectAll(command).catch((err: unknown) => send({ type: 'error', message: String(err) }));
      return;
    case 'stats':
      send({ type: 'stats', ...stats, wireBytes: clients.reduce((sum, c) => sum + c.wireBytes(), 0), cpuSeconds: cpuSecondsNow() });
      return;
    case 'close':
      for (const client of clients) client.close();
      process.disconnect();
      setTimeout(() => process.exit(0), 200).unref();
      return;
  }
});
process.on('disconnect', () => process.exit(0));
