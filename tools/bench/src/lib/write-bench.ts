import type { ClientFleet } from './client-fleet';
import { mark, progress, round, since, sleep } from './measure';
import type { WriteBenchOptions } from './write-options';

/** A server under test, as the write benchmark drives it. */
export interface WriteTarget {
  /** Sockets the server sees as connected. */
  connected(): number;
  /** Writes the current frame once to every connected socket; returns the writes made. */
  writeAll(): number;
  /** Bytes the server's TCP sockets have written so far (all sockets, all time). */
  bytesWritten(): number;
}

/** What one measured phase of writes cost the server. */
export interface WritePhaseResult {
  writes: number;
  received: number;
  /** Every written frame reached a client's application code. */
  complete: boolean;
  /** Server process CPU (user + system) from the first write until the clients had every frame. */
  serverCpuS: number;
  /** The kernel's part of serverCpuS (write syscalls and, on loopback, much of TCP receive). */
  serverSysS: number;
  writesPerCpuS: number;
  cpuUsPerWrite: number;
  wallS: number;
  wallWritesPerS: number;
  bytesWritten: number;
  wireBytesPerWrite: number;
  /** Worst delay of a tick behind its schedule: large means the server could not keep the rate. */
  maxTickLagMs: number;
  /** Time after the last tick until the clients had received everything. */
  drainMs: number;
  /** CPU of all client processes over the phase; near clientProcs × wallS means clients were the limit. */
  clientCpuS: number;
  disconnects: number;
}

const DRAIN_POLL_MS = 20;
const DRAIN_TIMEOUT_MS = 30_000;

/** Waits until every socket is connected on the server side too. */
export async function awaitConnected(target: WriteTarget, sockets: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (target.connected() < sockets) {
    if (Date.now() > deadline) throw new Error(`only ${target.connected()} of ${sockets} sockets connected`);
    await sleep(10);
  }
}

/** Writes to every socket `rate` times a second for `seconds`, on a schedule that does not drift. */
async function runTicks(target: WriteTarget, rate: number, seconds: number): Promise<{ writes: number; maxTickLagMs: number }> {
  const interval = 1000 / rate;
  const ticks = Math.round(rate * seconds);
  const start = performance.now();
  let writes = 0;
  let maxTickLagMs = 0;
  for (let i = 0; i < ticks; i++) {
    const due = start + i * interval;
    // Always yield, even when late: socket I/O callbacks must run between ticks.
    await sleep(Math.max(0, due - performance.now()));
    maxTickLagMs = Math.max(maxTickLagMs, performance.now() - due);
    writes += target.writeAll();
  }
  await sleep(Math.max(0, start + ticks * interval - performance.now()));
  return { writes, maxTickLagMs };
}

/** Polls the clients until they have `frames` frames in total or the timeout passes. */
async function awaitReceived(fleet: ClientFleet, frames: number): Promise<number> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  for (;;) {
    const { frames: received } = await fleet.stats();
    if (received >= frames || Date.now() > deadline) return received;
    await sleep(DRAIN_POLL_MS);
  }
}

/** Warms up, then measures one phase of writes: server CPU per write, checked against what clients received. */
export async function measureWrites(target: WriteTarget, fleet: ClientFleet, options: WriteBenchOptions, label: string): Promise<WritePhaseResult> {
  progress(`${label}: warm-up ${options.warmup}s`);
  const warm = await runTicks(target, options.rate, options.warmup);
  const before = await fleet.stats();
  if (before.frames < warm.writes) await awaitReceived(fleet, warm.writes);
  const clientsBefore = await fleet.stats();
  const bytesBefore = target.bytesWritten();
  progress(`${label}: measuring ${options.duration}s, ${options.sockets} sockets × ${options.rate} frames/s`);
  const start = mark();
  const { writes, maxTickLagMs } = await runTicks(target, options.rate, options.duration);
  const writePhase = since(start);
  const received = (await awaitReceived(fleet, clientsBefore.frames + writes)) - clientsBefore.frames;
  const total = since(start);
  const clientsAfter = await fleet.stats();
  const bytesWritten = target.bytesWritten() - bytesBefore;
  return {
    writes,
    received,
    complete: received === writes,
    serverCpuS: round(total.cpuSeconds),
    serverSysS: round(total.systemSeconds),
    writesPerCpuS: Math.round(writes / total.cpuSeconds),
    cpuUsPerWrite: round((total.cpuSeconds * 1e6) / writes),
    wallS: round(writePhase.wallSeconds),
    wallWritesPerS: Math.round(writes / writePhase.wallSeconds),
    bytesWritten,
    wireBytesPerWrite: round(bytesWritten / writes, 1),
    maxTickLagMs: round(maxTickLagMs, 1),
    drainMs: Math.round((total.wallSeconds - writePhase.wallSeconds) * 1000),
    clientCpuS: round(clientsAfter.cpuSeconds - clientsBefore.cpuSeconds),
    disconnects: clientsAfter.disconnects,
  };
}
