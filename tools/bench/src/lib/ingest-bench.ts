import { mkdirSync } from 'node:fs';
import { hottestFunctions, type HotFunction } from './cpu-profile';
import { IngestDriver, quantile, type DriverTally } from './ingest-driver';
import { IngestUnderTest, type IngestBenchPorts, type ServerCounters } from './ingest-under-test';
import { progress, round, sleep } from './measure';

/** How an ingest bench run is shaped. */
export interface IngestBenchOptions {
  /** Requests per second offered, steady. */
  rate: number;
  /** Seconds measured. */
  duration: number;
  /** Seconds sent first and not measured (JIT, caches, watches). */
  warmup: number;
  users: number;
  rooms: number;
  ports: IngestBenchPorts;
  /** Ingest environment (limits, …). */
  env?: Record<string, string>;
  /** Write ingest's CPU profile here (node --cpu-prof) and report its hottest functions. */
  profileDir?: string;
}

/** The figures of one run, as the JSON line prints them. */
export interface IngestBenchResult {
  bench: 'ingest';
  via: 'ingest.<room> requests';
  setup: { rate: number; duration: number; warmup: number; users: number; rooms: number; node: string };
  sent: number;
  accepted: number;
  duplicates: number;
  refused: Record<string, number>;
  unanswered: number;
  missed: number;
  ingestCpuS: number;
  acceptedPerIngestCpuS: number | null;
  ingestCpuUsPerAccepted: number | null;
  natsCpuS: number;
  natsCpuUsPerAccepted: number | null;
  perAccepted: { appends: number; kvWrites: number; jsApiRequests: number; ingestPublished: number; ingestReceived: number } | null;
  sendAckMs: { p50: number | null; p99: number | null; max: number | null };
  profileTop?: HotFunction[];
}

/**
 * Drives one ingest at a steady rate straight over `ingest.<room>` requests (no gateway)
 * and prices what it accepted: ingest and nats-server CPU from /proc, server-side
 * operations from nats-server's monitoring, request → reply latency at the driver.
 */
export async function runIngestBench(options: IngestBenchOptions): Promise<IngestBenchResult> {
  const nodeArgs = options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', options.profileDir] : [];
  if (options.profileDir) mkdirSync(options.profileDir, { recursive: true });
  const suite = await IngestUnderTest.start(options.ports, options.env ?? {}, nodeArgs);
  let driver: IngestDriver | undefined;
  let result: IngestBenchResult;
  let measuredFrom = 0;
  try {
    const runId = `b${Date.now().toString(36)}`;
    const rooms = Array.from({ length: options.rooms }, (_, i) => `${runId}-r${i}`);
    for (const room of rooms) await suite.openRoom(room);
    driver = await IngestDriver.connect(suite.nats.url, suite.names);
    const load = { rate: options.rate, users: options.users, rooms, runId };
    progress(`warm-up ${options.warmup}s at ${options.rate}/s`);
    await driver.run(load, options.warmup, 5000);
    await sleep(500);
    measuredFrom = performance.now();
    const before = { ingest: suite.ingestCpuSeconds(), nats: suite.natsCpuSeconds(), counters: await suite.counters() };
    progress(`measuring ${options.duration}s at ${options.rate}/s`);
    const tally = await driver.run(load, options.duration, 5000);
    const after = { ingest: suite.ingestCpuSeconds(), nats: suite.natsCpuSeconds(), counters: await suite.counters() };
    await driver.close();
    driver = undefined;
    result = summarize(options, tally, after.ingest - before.ingest, after.nats - before.nats, before.counters, after.counters);
  } finally {
    await driver?.close();
    await suite.stop();
  }
  // node writes the profile when ingest exits.
  if (options.profileDir) result.profileTop = hottestFunctions(options.profileDir, performance.now() - measuredFrom);
  return result;
}

function summarize(options: IngestBenchOptions, tally: DriverTally, ingestCpuS: number, natsCpuS: number, before: ServerCounters, after: ServerCounters): IngestBenchResult {
  const accepted = tally.accepted;
  const per = (n: number) => round(n / accepted, 3);
  const result: IngestBenchResult = {
    bench: 'ingest',
    via: 'ingest.<room> requests',
    setup: { rate: options.rate, duration: options.duration, warmup: options.warmup, users: options.users, rooms: options.rooms, node: process.version },
    sent: tally.sent,
    accepted,
    duplicates: tally.duplicates,
    refused: tally.refused,
    unanswered: tally.unanswered,
    missed: tally.missed,
    ingestCpuS: round(ingestCpuS, 2),
    acceptedPerIngestCpuS: accepted > 0 && ingestCpuS > 0 ? Math.round(accepted / ingestCpuS) : null,
    ingestCpuUsPerAccepted: accepted > 0 ? round((ingestCpuS * 1e6) / accepted, 1) : null,
    natsCpuS: round(natsCpuS, 2),
    natsCpuUsPerAccepted: accepted > 0 ? round((natsCpuS * 1e6) / accepted, 1) : null,
    perAccepted:
      accepted > 0
        ? {
            appends: per(after.appends - before.appends),
            kvWrites: per(after.kvWrites - before.kvWrites),
            jsApiRequests: per(after.jsApiRequests - before.jsApiRequests),
            ingestPublished: per(after.ingestPublished - before.ingestPublished),
            ingestReceived: per(after.ingestReceived - before.ingestReceived),
          }
        : null,
    sendAckMs: { p50: roundMs(quantile(tally.latenciesMs, 0.5)), p99: roundMs(quantile(tally.latenciesMs, 0.99)), max: roundMs(quantile(tally.latenciesMs, 1)) },
  };
  return result;
}

function roundMs(ms: number | null): number | null {
  return ms === null ? null : round(ms, 2);
}
