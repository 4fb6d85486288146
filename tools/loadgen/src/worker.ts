// A load-generator worker process: owns a slice of the connections, runs its share of
// the scenario and reports to the parent over IPC. Started by the coordinator with
// child_process.fork; never run by hand.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ChurnDriver } from './churn-driver';
import { Fleet, type ConnectionSpec } from './fleet';
import { FloodRecorder } from './flood-recorder';
import type { ParentMessage, WorkerMessage, WorkerProgress } from './ipc';
import type { WorkerPlan } from './plan';
import { SendDriver } from './send-driver';
import { sharedDecodeCounters } from './client-factory';
import { createWorkerStats, type WorkerStats } from './worker-stats';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const cpuUs = (usage: NodeJS.CpuUsage) => usage.user + usage.system;

/** The state of this worker once initialized. */
interface WorkerState {
  plan: WorkerPlan;
  stats: WorkerStats;
  fleet: Fleet;
  recorder?: FloodRecorder;
  progressTimer: NodeJS.Timeout;
  ops: () => number;
}

let state: WorkerState | undefined;

function send(message: WorkerMessage): void {
  process.send?.(message);
}

function progressOf(s: WorkerState): WorkerProgress {
  const errors = Object.values(s.stats.errors).reduce((sum, n) => sum + n, 0);
  return { connected: s.stats.connections.opened, failed: s.stats.connections.failed, ops: s.ops(), errors };
}

/** Opens (and joins) every connection of the fleet, timing the whole wave. */
async function connectFleet(s: WorkerState): Promise<void> {
  const { fleet, recorder, stats } = s;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const isViewer = (spec: ConnectionSpec) => spec.kind === 'viewer';
  await fleet.connectAll({
    opened: (spec, socket) => isViewer(spec) && recorder?.attach(spec.slot, socket),
    joined: (spec, result) => isViewer(spec) && recorder?.joined(spec.slot, result.lastSeq),
  });
  stats.maxConnectMs = performance.now() - started;
  stats.cpu.connectUs = cpuUs(process.cpuUsage(cpu));
}

async function init(plan: WorkerPlan): Promise<void> {
  const stats = createWorkerStats(0);
  const fleet = new Fleet(plan, stats);
  stats.connections.target = fleet.size;
  const recorder = plan.flood ? new FloodRecorder(fleet.viewers.length, plan.flood.sampleViewers.map((i) => i - plan.viewers.from)) : undefined;
  const s: WorkerState = { plan, stats, fleet, recorder, ops: () => 0, progressTimer: setInterval(() => send({ type: 'progress', worker: plan.worker, progress: progressOf(s) }), 500) };
  state = s;
  // A storm connects inside the measured phase: every viewer at once, as after a gateway died.
  if (plan.scenario !== 'storm') await connectFleet(s);
  send({ type: 'connected', worker: plan.worker });
}

async function runChurn(s: WorkerState, durationMs: number): Promise<void> {
  const { plan, fleet, stats } = s;
  if (!plan.churn) return;
  const driver = new ChurnDriver(fleet.viewers, fleet.viewerGateway, plan.rooms, plan.churn.rate, plan.churn.dwellMs, plan.ackTimeoutMs, stats);
  s.ops = () => driver.stats.joins + driver.stats.leaves;
  driver.start();
  await sleep(durationMs);
  stats.churn = await driver.stop();
}

async function runFlood(s: WorkerState, durationMs: number): Promise<void> {
  const { plan, fleet, stats, recorder } = s;
  if (!plan.flood || !recorder) return;
  const rates = { normal: plan.flood.normalRate, system: plan.flood.systemRate };
  const driver = new SendDriver(fleet.senders, fleet.systemSenders, plan.rooms[0], rates, plan.flood.mix, plan.ackTimeoutMs, stats);
  s.ops = () => driver.stats.acked;
  const flush = () => {
    const acks = driver.takeAcks();
    const receipts = recorder.takeReceipts();
    if (acks.length + receipts.length > 0) send({ type: 'e2e', worker: plan.worker, acks: Float64Array.from(acks), receipts: Float64Array.from(receipts) });
  };
  const flusher = setInterval(flush, 250);
  recorder.start();
  driver.start();
  await sleep(durationMs);
  recorder.stopCounting();
  stats.floodSenders = await driver.stop();
  // Late frames (the fan-out tick, priority held for budget) still count for e2e and priority delivery.
  await sleep(plan.flood.drainMs);
  recorder.stopRecording();
  clearInterval(flusher);
  flush();
  stats.floodViewers = recorder.stats();
}

/** Connects the whole fleet as fast as the ramp allows, then holds the connections for the rest of the phase. */
async function runStorm(s: WorkerState, durationMs: number): Promise<void> {
  const started = performance.now();
  s.ops = () => s.stats.connections.opened;
  await connectFleet(s);
  await sleep(Math.max(0, durationMs - (performance.now() - started)));
}

async function run(startInMs: number, durationMs: number): Promise<void> {
  const s = state;
  if (!s) throw new Error('run before init');
  await sleep(startInMs);
  const cpu = process.cpuUsage();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  if (s.plan.scenario === 'churn') await runChurn(s, durationMs);
  else if (s.plan.scenario === 'flood') await runFlood(s, durationMs);
  else if (s.plan.scenario === 'storm') await runStorm(s, durationMs);
  else await sleep(durationMs);
  loop.disable();
  const { stats } = s;
  stats.cpu.runUs = cpuUs(process.cpuUsage(cpu));
  stats.cpu.totalUs = cpuUs(process.cpuUsage());
  stats.maxLoopDelayP99Us = loop.percentile(99) / 1000;
  stats.maxLoopDelayUs = loop.max / 1000;
  stats.rssBytes = process.memoryUsage().rss;
  stats.maxRssBytes = stats.rssBytes;
  stats.decoder = sharedDecodeCounters();
  clearInterval(s.progressTimer);
  send({ type: 'result', worker: s.plan.worker, stats });
}

function close(): void {
  state?.fleet.closeAll();
  // Let the close packets go out before the process ends.
  setTimeout(() => process.exit(0), 300);
}

function fail(err: unknown): void {
  send({ type: 'fatal', worker: state?.plan.worker ?? -1, message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  setTimeout(() => process.exit(1), 100);
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'init') init(message.plan).catch(fail);
  else if (message.type === 'run') run(message.startInMs, message.durationMs).catch(fail);
  else if (message.type === 'close') close();
});
// The parent is gone (Ctrl-C, crash): nothing left to report to.
process.on('disconnect', () => process.exit(0));
