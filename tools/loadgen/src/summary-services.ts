import type { Snapshots } from './coordinator';
import { delta, type ServiceSnapshot } from './service-snapshot';

const MB = 1024 * 1024;
/** Rounds to `digits` decimals; null for NaN and infinities (JSON has neither). */
export const round = (value: number, digits = 2) => (Number.isFinite(value) ? Math.round(value * 10 ** digits) / 10 ** digits : null);
/** value / by, rounded; null when there is nothing to divide by. */
export const per = (value: number, by: number, digits = 2) => (by > 0 ? round(value / by, digits) : null);

/** Work done in the measured phase that a gateway's CPU is priced against. */
export interface GatewayWork {
  joins: number;
  leaves: number;
}

/** Memory and connection-cost fields of one gateway. */
function gatewayMemory(s: Snapshots, i: number) {
  const [base, loaded, end] = [s.baseline[i], s.loaded[i], s.end[i]];
  const added = end.connections - base.connections;
  const connectCpu = delta(base, loaded).cpuSeconds;
  return {
    connections: end.connections,
    connectionsAdded: added,
    rssMB: { baseline: round(base.rssBytes / MB, 1), loaded: round(loaded.rssBytes / MB, 1), end: round(end.rssBytes / MB, 1) },
    /** (RSS at end − RSS before connecting) / connections added. */
    rssDeltaPerConnKB: per((end.rssBytes - base.rssBytes) / 1024, added, 2),
    /** RSS at end / connections open at end. */
    rssPerConnKB: per(end.rssBytes / 1024, end.connections, 2),
    heapUsedDeltaPerConnKB: per((end.heapUsedBytes - base.heapUsedBytes) / 1024, added, 2),
    externalDeltaPerConnKB: per((end.externalBytes - base.externalBytes) / 1024, added, 2),
    connectCpuSeconds: round(connectCpu, 3),
    connectCpuMsPer1000Conns: per(connectCpu * 1e6, loaded.connections - base.connections, 1),
  };
}

/** Measured-phase CPU and delivery fields of one gateway. */
function gatewayRun(s: Snapshots, i: number, runSec: number, work: GatewayWork | undefined) {
  const d = delta(s.loaded[i], s.end[i]);
  const cpu = d.cpuSeconds;
  return {
    cpuSeconds: round(cpu, 3),
    cpuCorePercent: round((cpu / runSec) * 100, 1),
    ...(work && {
      joins: work.joins,
      leaves: work.leaves,
      cpuMsPer1000Joins: per(cpu * 1e6, work.joins, 1),
      cpuMsPer1000Ops: per(cpu * 1e6, work.joins + work.leaves, 1),
    }),
    framesReceivedPerSec: round(d.framesReceived / runSec, 1),
    frameWritesPerSec: round(d.writesSent / runSec, 1),
    frameWritesSkippedPerSec: round(d.writesSkipped / runSec, 1),
    messagesDeliveredPerSec: round(d.messagesDelivered / runSec, 1),
    frameWritesPerCpuSec: per(d.writesSent, cpu, 0),
    messagesDeliveredPerCpuSec: per(d.messagesDelivered, cpu, 0),
    slowDisconnects: d.slowDisconnects,
  };
}

/** Per-gateway report: memory, connection cost, and measured-phase CPU priced per unit of work. */
export function gatewayReport(s: Snapshots, gateways: number, runSec: number, work?: (i: number) => GatewayWork) {
  return Array.from({ length: gateways }, (_, i) => ({
    url: s.end[i].url,
    metricsOk: s.baseline[i].ok && s.loaded[i].ok && s.end[i].ok,
    ...gatewayMemory(s, i),
    ...gatewayRun(s, i, runSec, work?.(i)),
  }));
}

/** Watched processes (`--pids`): CPU in the measured phase and RSS at its end. */
export function processReport(o: { processes: readonly { name: string; pid: number }[] }, s: Snapshots, runSec: number) {
  return o.processes.map(({ name, pid }, i) => {
    const [loaded, end] = [s.processes.loaded[i], s.processes.end[i]];
    const cpu = loaded && end ? end.cpuSeconds - loaded.cpuSeconds : Number.NaN;
    return { name, pid, readOk: !!(loaded && end), cpuSeconds: round(cpu, 3), cpuCorePercent: round((cpu / runSec) * 100, 1), rssMB: end ? round(end.rssBytes / MB, 1) : null };
  });
}

/**
 * The whole suite's CPU in the measured phase: every distinct URL scraped (gateways and
 * services) plus the watched processes — what a per-unit cost of "the suite" divides.
 */
export function suiteCpuSeconds(s: Snapshots): number {
  const seen = new Set<string>();
  let total = 0;
  s.end.forEach((end, i) => {
    if (seen.has(end.url)) return;
    seen.add(end.url);
    total += delta(s.loaded[i], end).cpuSeconds;
  });
  s.processes.end.forEach((end, i) => {
    const loaded = s.processes.loaded[i];
    if (loaded && end) total += end.cpuSeconds - loaded.cpuSeconds;
  });
  return total;
}

/** Other watched services (membership, ingest, fan-out): CPU in the measured phase and RSS. */
export function serviceReport(s: Snapshots, from: number, runSec: number) {
  return s.end.slice(from).map((end: ServiceSnapshot, k) => {
    const i = from + k;
    const cpu = delta(s.loaded[i], end).cpuSeconds;
    return {
      url: end.url,
      metricsOk: s.loaded[i].ok && end.ok,
      cpuSeconds: round(cpu, 3),
      cpuCorePercent: round((cpu / runSec) * 100, 1),
      connectPhaseCpuSeconds: round(delta(s.baseline[i], s.loaded[i]).cpuSeconds, 3),
      rssMB: round(end.rssBytes / MB, 1),
    };
  });
}

