import { openRooms, type OpenRoomsResult } from './admin-api';
import { E2eJoiner, type E2eResult } from './e2e-joiner';
import { readMachineTicks, type MachineTicks } from './machine-cpu';
import { mergeAll } from './merge';
import type { LoadgenOptions } from './options';
import { planWorkers, type WorkerPlan } from './plan';
import { readProcesses, type ProcessReading } from './process-cpu';
import { Progress } from './progress';
import { snapshotAll, type ServiceSnapshot } from './service-snapshot';
import { WorkerPool } from './worker-pool';
import type { WorkerStats } from './worker-stats';

/** /metrics of every watched service at the three moments of a run. */
export interface Snapshots {
  /** Before any connection. */
  baseline: ServiceSnapshot[];
  /** After connecting (and settling), when the measured phase starts. */
  loaded: ServiceSnapshot[];
  /** When the measured phase ends. */
  end: ServiceSnapshot[];
  /** The watched processes (`--pids`) when the measured phase starts and ends. */
  processes: { loaded: (ProcessReading | undefined)[]; end: (ProcessReading | undefined)[] };
}

/** Everything a run measured, before it is summarized. */
export interface RunResult {
  options: LoadgenOptions;
  plans: WorkerPlan[];
  rooms?: OpenRoomsResult;
  stats: WorkerStats;
  snapshots: Snapshots;
  e2e?: E2eResult;
  /** Wall time of the connect phase and of the measured phase, ms. */
  connectMs: number;
  runMs: number;
  /** Whole-machine CPU counters at the start and end of the measured phase. */
  machine: { before?: MachineTicks; after?: MachineTicks };
  /** The parent process's own CPU, µs. */
  parentCpu: { connectUs: number; runUs: number; totalUs: number };
  startedAt: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const cpuUs = (usage: NodeJS.CpuUsage) => usage.user + usage.system;
/** Acks older than this are settled into the e2e totals, so long runs stay bounded in memory. */
const E2E_HORIZON_MS = 60_000;

/** Feeds IPC batches of (seq, sent, acked, priority) and (seq, received) into the joiner. */
function feedJoiner(joiner: E2eJoiner, acks: Float64Array, receipts: Float64Array): void {
  for (let i = 0; i + 3 < acks.length; i += 4) joiner.ack({ seq: acks[i], sentAt: acks[i + 1], ackedAt: acks[i + 2], priority: acks[i + 3] === 1 });
  for (let i = 0; i + 1 < receipts.length; i += 2) joiner.receipt(receipts[i], receipts[i + 1]);
}

/** Opens the rooms a scenario needs; throws when none could be opened. */
async function prepareRooms(o: LoadgenOptions, plans: WorkerPlan[]): Promise<OpenRoomsResult | undefined> {
  const rooms = plans[0].rooms;
  if (rooms.length === 0) return undefined;
  const result = await openRooms(o.membership, o.jwtSecret, rooms);
  if (result.failed.length === rooms.length) {
    const first = result.failed[0];
    throw new Error(`could not open any room at ${o.membership}: ${first.status} ${first.body}`);
  }
  if (result.failed.length > 0) process.stderr.write(`loadgen: ${result.failed.length} room(s) failed to open, e.g. ${JSON.stringify(result.failed[0])}\n`);
  return result;
}

/** Runs a timed phase while moving the progress bar; resolves after `ms`. */
async function timedPhase(progress: Progress, ms: number, value: (elapsedMs: number) => number): Promise<void> {
  const started = performance.now();
  const timer = setInterval(() => progress.update(value(performance.now() - started)), 250);
  await sleep(ms);
  clearInterval(timer);
  progress.update(value(ms));
}

/** What the phases need besides the options. */
interface RunContext {
  o: LoadgenOptions;
  plans: WorkerPlan[];
  pool: WorkerPool;
  progress: Progress;
  joiner?: E2eJoiner;
  urls: string[];
}

/** Connect phase: forks the workers and waits until every connection was attempted. */
async function connectPhase({ o, plans, pool, progress, urls }: RunContext) {
  const baseline = await snapshotAll(urls);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const total = plans.reduce((n, p) => n + (p.viewers.to - p.viewers.from) + (p.senders.to - p.senders.from) + (p.systemSenders.to - p.systemSenders.from), 0);
  const attempted = () => progress.totals().connected + progress.totals().failed;
  progress.phase('connect', total, 'conns');
  pool.start();
  const ticker = setInterval(() => progress.update(attempted()), 250);
  await pool.waitAll('connected').finally(() => clearInterval(ticker));
  progress.update(attempted());
  const connectMs = performance.now() - started;
  const connectUs = cpuUs(process.cpuUsage(cpu));
  await sleep(o.settleMs);
  return { baseline, connectMs, connectUs };
}

/** Measured phase: starts every worker at once, snapshots at its end, collects the results. */
async function measuredPhase({ o, pool, progress, joiner, urls }: RunContext) {
  const loaded = await snapshotAll(urls);
  const processesLoaded = readProcesses(o.processes);
  const machineBefore = readMachineTicks();
  const cpu = process.cpuUsage();
  const startInMs = 100;
  const durationMs = o.durationSec * 1000;
  pool.broadcast({ type: 'run', startInMs, durationMs });
  progress.phase(o.scenario, o.durationSec, 's');
  const sweeper = joiner && setInterval(() => joiner.sweep(Date.now(), E2E_HORIZON_MS), 5000);
  await timedPhase(progress, startInMs + durationMs, (elapsed) => Math.min(o.durationSec, Math.max(0, Math.floor((elapsed - startInMs) / 1000))));
  const machineAfter = readMachineTicks();
  const processesEnd = readProcesses(o.processes);
  const end = await snapshotAll(urls);
  progress.stop();
  if (o.progress) process.stderr.write('loadgen: waiting for acks in flight (and the flood drain)…\n');
  await pool.waitAll('result').finally(() => clearInterval(sweeper));
  return { loaded, end, processes: { loaded: processesLoaded, end: processesEnd }, machine: { before: machineBefore, after: machineAfter }, runUs: cpuUs(process.cpuUsage(cpu)), durationMs };
}

/**
 * Runs one load-generation run: opens rooms, snapshots the services, forks workers,
 * waits until every connection is attempted, measures the scenario's phase between two
 * more snapshots, and collects the workers' stats and (flood) the end-to-end join.
 */
export async function runLoad(o: LoadgenOptions, progress: Progress): Promise<RunResult> {
  const startedAt = new Date().toISOString();
  const parentStart = process.cpuUsage();
  const plans = planWorkers(o);
  const rooms = await prepareRooms(o, plans);
  const joiner = o.scenario === 'flood' ? new E2eJoiner(plans.reduce((n, p) => n + (p.flood?.sampleViewers.length ?? 0), 0)) : undefined;
  const pool = new WorkerPool(plans, {
    progress: (worker, p) => progress.report(worker, p),
    e2e: (acks, receipts) => joiner && feedJoiner(joiner, acks, receipts),
  });
  const interrupt = () => {
    progress.stop();
    pool.kill();
    process.exit(130);
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const context: RunContext = { o, plans, pool, progress, joiner, urls: [...o.gateways, ...o.services] };
  try {
    const connect = await connectPhase(context);
    const run = await measuredPhase(context);
    await pool.close();
    return {
      options: o,
      plans,
      rooms,
      stats: mergeAll(pool.stats()),
      snapshots: { baseline: connect.baseline, loaded: run.loaded, end: run.end, processes: run.processes },
      e2e: joiner?.finish(),
      machine: run.machine,
      connectMs: connect.connectMs,
      runMs: run.durationMs,
      parentCpu: { connectUs: connect.connectUs, runUs: run.runUs, totalUs: cpuUs(process.cpuUsage(parentStart)) },
      startedAt,
    };
  } catch (err) {
    progress.stop();
    pool.kill();
    throw err;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}
