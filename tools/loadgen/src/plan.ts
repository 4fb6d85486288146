import type { ClientKind } from './client-factory';
import type { Mix } from './mix';
import type { LoadgenOptions, Scenario } from './options';

/** Most connections one worker may hold: the process file limit is 20,000, and a few fds are the runtime's. */
export const MAX_CONNECTIONS_PER_WORKER = 18_000;
/** Connections per worker when `--workers` is auto. */
export const AUTO_CONNECTIONS_PER_WORKER = 15_000;
/** A source address bound explicitly shares ~28K ephemeral ports across all destinations; keep headroom. */
export const CONNECTIONS_PER_SOURCE_ADDRESS = 25_000;

/** A half-open range of global indices. */
export interface Slice {
  from: number;
  to: number;
}

/** Everything one worker process needs to do its share; sent over IPC as it is. */
export interface WorkerPlan {
  worker: number;
  workers: number;
  scenario: Scenario;
  client: ClientKind;
  runId: string;
  jwtSecret: string;
  gateways: string[];
  sourceAddresses: string[];
  /** Total viewers of the run (connection indices of senders start after them). */
  totalViewers: number;
  totalSenders: number;
  viewers: Slice;
  /** Viewer-role senders (chat, like, gift). */
  senders: Slice;
  /** Admin-role senders (system). */
  systemSenders: Slice;
  connectRate: number;
  connectConcurrency: number;
  ackTimeoutMs: number;
  /** churn: rooms to wander; idle: viewer i joins rooms[i % n] (none when empty); flood: the one room. */
  rooms: string[];
  churn?: { rate: number; dwellMs: [number, number] };
  flood?: { normalRate: number; systemRate: number; mix: Mix; sampleViewers: number[]; drainMs: number };
}

/** The i-th of `parts` near-equal slices of [0, total). */
export function sliceOf(total: number, parts: number, i: number): Slice {
  return { from: Math.floor((i * total) / parts), to: Math.floor(((i + 1) * total) / parts) };
}

/** Gateway of global connection `index`: round-robin. */
export function gatewayIndexOf(index: number, gateways: number): number {
  return index % gateways;
}

/** Source address of global connection `index`, or -1 when none is set; decorrelated from the gateway. */
export function sourceIndexOf(index: number, gateways: number, sources: number): number {
  return sources === 0 ? -1 : Math.floor(index / gateways) % sources;
}

/** Room ids of a run. */
export function roomIdsFor(o: Pick<LoadgenOptions, 'scenario' | 'rooms' | 'runId'>): string[] {
  if (o.scenario === 'flood') return [`${o.runId}-flood`];
  const tag = o.scenario === 'churn' ? 'c' : o.scenario === 'storm' ? 's' : 'i';
  return Array.from({ length: o.rooms }, (_, i) => `${o.runId}-${tag}${i}`);
}

/** churn: dwell so that half of a viewer's cycle (2 × viewers / rate seconds) is spent in a room on average. */
export function autoDwellMs(viewers: number, rate: number): [number, number] {
  const cycleMs = (2 * viewers * 1000) / rate;
  return [Math.round(0.2 * cycleMs), Math.round(0.8 * cycleMs)];
}

/** flood: senders needed for the rate, given each one's sustainable rate. */
export function senderCounts(o: Pick<LoadgenOptions, 'rate' | 'mix' | 'senders' | 'senderRate' | 'systemSenders' | 'systemSenderRate'>) {
  const systemRate = o.rate * o.mix.system;
  const normalRate = o.rate - systemRate;
  const senders = o.senders ?? (normalRate > 0 ? Math.ceil(normalRate / o.senderRate) : 0);
  const systemSenders = o.systemSenders ?? (systemRate > 0 ? Math.ceil(systemRate / o.systemSenderRate) : 0);
  if (normalRate > 0 && senders === 0) throw new Error('--senders 0 cannot send chat, like or gift');
  if (systemRate > 0 && systemSenders === 0) throw new Error('--system-senders 0 cannot send system messages');
  return { normalRate, systemRate, senders, systemSenders };
}

/** Workers: as given, else one per 15K connections. */
export function workerCount(requested: number, connections: number): number {
  const workers = requested > 0 ? requested : Math.max(1, Math.ceil(connections / AUTO_CONNECTIONS_PER_WORKER));
  if (Math.ceil(connections / workers) > MAX_CONNECTIONS_PER_WORKER) {
    throw new Error(`${connections} connections over ${workers} worker(s) is over ${MAX_CONNECTIONS_PER_WORKER} per process (open-file limit): raise --workers`);
  }
  return workers;
}

/** Source addresses: as given, else 127.0.0.2… when one address per gateway would run out of ephemeral ports. */
export function sourceAddressesFor(requested: string[], connections: number, gateways: number): string[] {
  if (requested.length > 0) return requested;
  if (connections / gateways <= CONNECTIONS_PER_SOURCE_ADDRESS) return [];
  const n = Math.ceil(connections / CONNECTIONS_PER_SOURCE_ADDRESS);
  return Array.from({ length: n }, (_, i) => `127.0.0.${i + 2}`);
}

/** Sample viewers: `k` global viewer indices spread evenly over all viewers. */
export function sampleViewerIndices(viewers: number, k: number): number[] {
  const n = Math.min(k, viewers);
  return Array.from({ length: n }, (_, j) => Math.floor((j * viewers) / n));
}

/** Splits a run into worker plans; throws when the shape cannot work (e.g. too many connections per process). */
export function planWorkers(o: LoadgenOptions): WorkerPlan[] {
  const flood = o.scenario === 'flood' ? senderCounts(o) : undefined;
  const totalSenders = flood ? flood.senders + flood.systemSenders : 0;
  const connections = o.viewers + totalSenders;
  const workers = workerCount(o.workers, connections);
  const sourceAddresses = sourceAddressesFor(o.sourceAddresses, connections, o.gateways.length);
  const rooms = (o.scenario === 'idle' || o.scenario === 'storm') && o.rooms === 0 ? [] : roomIdsFor(o);
  const samples = flood ? sampleViewerIndices(o.viewers, o.sampleViewers) : [];
  const dwellMs = o.dwellMs ?? autoDwellMs(o.viewers, o.rate);
  return Array.from({ length: workers }, (_, w): WorkerPlan => {
    const viewers = sliceOf(o.viewers, workers, w);
    const senders = sliceOf(flood?.senders ?? 0, workers, w);
    const systemSlice = sliceOf(flood?.systemSenders ?? 0, workers, w);
    const mine = viewers.to - viewers.from + (senders.to - senders.from) + (systemSlice.to - systemSlice.from);
    const share = (part: Slice, total: number) => (total === 0 ? 0 : (part.to - part.from) / total);
    return {
      worker: w,
      workers,
      scenario: o.scenario,
      client: o.client,
      runId: o.runId,
      jwtSecret: o.jwtSecret,
      gateways: o.gateways,
      sourceAddresses,
      totalViewers: o.viewers,
      totalSenders,
      viewers,
      senders: { from: senders.from, to: senders.to },
      systemSenders: { from: systemSlice.from, to: systemSlice.to },
      connectRate: (o.connectRate * mine) / connections,
      connectConcurrency: Math.max(1, Math.ceil(o.connectConcurrency / workers)),
      ackTimeoutMs: o.ackTimeoutMs,
      rooms,
      churn: o.scenario === 'churn' ? { rate: o.rate * share(viewers, o.viewers), dwellMs } : undefined,
      flood: flood && {
        normalRate: flood.normalRate * share(senders, flood.senders),
        systemRate: flood.systemRate * share(systemSlice, flood.systemSenders),
        mix: o.mix,
        sampleViewers: samples.filter((i) => i >= viewers.from && i < viewers.to),
        drainMs: o.drainMs,
      },
    };
  });
}
