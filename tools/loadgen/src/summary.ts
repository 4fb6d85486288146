import type { RunResult } from './coordinator';
import { latencySummaryMs, percentile } from './histogram';
import { machineReport } from './machine-cpu';
import { gatewayReport, per, processReport, round, serviceReport, suiteCpuSeconds, type GatewayWork } from './summary-services';
import { warningsFor } from './summary-warnings';
import type { FloodViewerStats, WindowStats } from './worker-stats';

/** The target of the idle scenario: gateway memory per connection, KB. */
export const IDLE_TARGET_KB_PER_CONN = 10;

/** The load generator's own cost: if it is near a core per worker, it was the bottleneck. */
function loadgenReport(r: RunResult, units: number, unitName: string) {
  const st = r.stats;
  const runSec = r.runMs / 1000;
  const runCpu = (st.cpu.runUs + r.parentCpu.runUs) / 1e6;
  const decoded = st.decoder.hits + st.decoder.misses;
  return {
    workers: r.plans.length,
    cpuSeconds: {
      connect: round((st.cpu.connectUs + r.parentCpu.connectUs) / 1e6, 3),
      run: round(runCpu, 3),
      total: round((st.cpu.totalUs + r.parentCpu.totalUs) / 1e6, 3),
    },
    runCorePercent: round((runCpu / runSec) * 100, 1),
    [`cpuMsPer1000${unitName}`]: per(runCpu * 1e6, units, 1),
    workerRssMB: round(st.rssBytes / 1024 / 1024, 1),
    loopDelayP99Ms: round(st.maxLoopDelayP99Us / 1000, 1),
    loopDelayMaxMs: round(st.maxLoopDelayUs / 1000, 1),
    sharedDecodeHitRatio: decoded > 0 ? round(st.decoder.hits / decoded, 4) : null,
  };
}

function churnSection(r: RunResult) {
  const c = r.stats.churn;
  if (!c) return undefined;
  const runSec = r.runMs / 1000;
  return {
    targetOpsPerSec: r.options.rate,
    achievedOpsPerSec: round((c.joins + c.leaves) / runSec, 1),
    issued: c.issued,
    missed: c.missed,
    joins: c.joins,
    leaves: c.leaves,
    rooms: r.options.rooms,
    dwellMs: r.plans[0].churn?.dwellMs,
    joinAckMs: latencySummaryMs(c.joinAck),
    leaveAckMs: latencySummaryMs(c.leaveAck),
  };
}

/** storm: every viewer connected and joined at once in the measured phase; what it cost the gateways. */
function stormSection(r: RunResult) {
  const { baseline, end } = r.snapshots;
  const st = r.stats;
  let cpu = 0;
  let added = 0;
  for (let i = 0; i < r.options.gateways.length; i++) {
    cpu += end[i].cpuSeconds - r.snapshots.loaded[i].cpuSeconds;
    added += end[i].connections - baseline[i].connections;
  }
  const timeouts = Object.entries(st.errors).reduce((n, [code, count]) => (code.includes('TIMEOUT') ? n + count : n), 0);
  return {
    viewers: r.options.viewers,
    connected: st.connections.opened,
    joined: st.connections.joined,
    refused: st.connections.failed,
    timeouts,
    waveSeconds: round(st.maxConnectMs / 1000, 2),
    connectsPerSec: per(st.connections.opened * 1000, st.maxConnectMs, 1),
    handshakeMs: latencySummaryMs(st.handshake),
    joinAckMs: latencySummaryMs(st.joinAck),
    /** Gateway CPU of the measured phase per connection it gained: handshake, token, upgrade and first join. */
    gatewayCpuMsPerConnection: per(cpu * 1000, added, 3),
  };
}

function idleSection(r: RunResult) {
  const { baseline, end } = r.snapshots;
  const gateways = r.options.gateways.length;
  let rssDelta = 0;
  let rss = 0;
  let added = 0;
  let connections = 0;
  for (let i = 0; i < gateways; i++) {
    rssDelta += end[i].rssBytes - baseline[i].rssBytes;
    rss += end[i].rssBytes;
    added += end[i].connections - baseline[i].connections;
    connections += end[i].connections;
  }
  const deltaKB = per(rssDelta / 1024, added, 2);
  return {
    holdSeconds: r.options.durationSec,
    roomsJoined: r.options.rooms,
    connectionsOnGateways: connections,
    rssDeltaPerConnKB: deltaKB,
    rssPerConnKB: per(rss / 1024, connections, 2),
    targetKBPerConn: IDLE_TARGET_KB_PER_CONN,
    withinTarget: deltaKB === null ? null : deltaKB <= IDLE_TARGET_KB_PER_CONN,
  };
}

function windowSummary(w: WindowStats) {
  return {
    /** Over closed windows only, so the partial last second does not skew it. */
    meanPerViewerPerSec: per(w.windows.sum, w.windows.count, 2),
    maxWindow: w.maxWindow,
    p99ViewerMaxWindow: percentile(w.viewerMax, 99),
    p50ViewerMaxWindow: percentile(w.viewerMax, 50),
    p99Window: percentile(w.windows, 99),
  };
}

function floodViewers(v: FloodViewerStats, viewers: number, runSec: number) {
  const seconds = v.maxWindowsClosed || runSec;
  return {
    viewers,
    framesPerViewerPerSec: per(v.frames, viewers * seconds, 2),
    normal: windowSummary(v.normalWindows),
    priority: windowSummary(v.priorityWindows),
    likesFoldedPerViewerPerSec: per(v.likesCounted, viewers * seconds, 2),
    droppedPerViewerPerSec: per(v.droppedCounted, viewers * seconds, 2),
    skippedFrames: v.skippedFrames,
    gaps: v.gaps,
  };
}

function floodSection(r: RunResult) {
  const s = r.stats.floodSenders;
  const v = r.stats.floodViewers;
  if (!s || !v) return undefined;
  const runSec = r.runMs / 1000;
  const e2e = r.e2e;
  const plan = r.plans[r.plans.length - 1];
  return {
    targetMsgsPerSec: r.options.rate,
    senders: plan.senders.to,
    systemSenders: plan.systemSenders.to,
    sentPerSec: round(s.sent / runSec, 1),
    ackedPerSec: round(s.acked / runSec, 1),
    sent: s.sent,
    acked: s.acked,
    missed: s.missed,
    duplicates: s.duplicates,
    ackMs: latencySummaryMs(s.ack),
    perViewer: floodViewers(v, r.stats.connections.viewersJoined, runSec),
    priorityDelivery: e2e && {
      acked: s.priorityAcked,
      sampleViewers: r.plans.reduce((n, p) => n + (p.flood?.sampleViewers.length ?? 0), 0),
      expected: e2e.priorityExpected,
      received: e2e.priorityReceived,
      ratio: e2e.priorityExpected > 0 ? round(e2e.priorityReceived / e2e.priorityExpected, 4) : null,
      messagesMissedBySomeSample: e2e.priorityMissedMessages,
    },
    e2e: e2e && {
      fromAckMs: latencySummaryMs(e2e.fromAck),
      fromSendMs: latencySummaryMs(e2e.fromSend),
      frameBeforeAck: e2e.frameBeforeAck,
      unmatchedReceipts: e2e.unmatchedReceipts,
    },
  };
}

/** Work of gateway i in a churn run, for pricing its CPU. */
function churnWork(r: RunResult): ((i: number) => GatewayWork) | undefined {
  const c = r.stats.churn;
  if (!c) return undefined;
  return (i) => ({ joins: c.joinsByGateway[String(i)] ?? 0, leaves: c.leavesByGateway[String(i)] ?? 0 });
}

/** The caveats of a run (see summary-warnings). */
function warningsOf(r: RunResult, loopDelayP99Ms: number | null, machineBusyPercent: number | null): string[] {
  const st = r.stats;
  const issued = st.churn?.issued ?? st.floodSenders?.sent ?? 0;
  const missed = st.churn?.missed ?? st.floodSenders?.missed ?? 0;
  const s = r.snapshots;
  return warningsFor({
    scenario: r.options.scenario,
    rate: r.options.rate,
    prioritySharePct: (r.options.mix.gift + r.options.mix.system) * 100,
    machineBusyPercent,
    loopDelayP99Ms,
    issued,
    missed,
    failedConnections: st.connections.failed,
    errorCount: Object.values(st.errors).reduce((sum, n) => sum + n, 0),
    metricsOk: s.end.map((end, i) => end.ok && s.baseline[i].ok && s.loaded[i].ok),
  });
}

/** The suite's CPU in the measured phase, per unit of the scenario's work. */
function suiteReport(r: RunResult, runSec: number) {
  const cpu = suiteCpuSeconds(r.snapshots);
  const st = r.stats;
  const delivered = st.floodViewers ? st.floodViewers.normal + st.floodViewers.priority : 0;
  const ops = st.churn ? st.churn.joins + st.churn.leaves : 0;
  return {
    cpuSeconds: round(cpu, 3),
    cpuCorePercent: round((cpu / runSec) * 100, 1),
    cpuUsPerDeliveredMessage: per(cpu * 1e6, delivered, 2),
    cpuUsPerAcceptedMessage: per(cpu * 1e6, st.floodSenders?.acked ?? 0, 1),
    cpuUsPerOp: per(cpu * 1e6, ops, 1),
  };
}

/** The one-line JSON summary of a run: see README.md for every field. */
export function buildSummary(r: RunResult) {
  const o = r.options;
  const st = r.stats;
  const runSec = r.runMs / 1000;
  const units = st.churn ? st.churn.joins + st.churn.leaves : (st.floodViewers?.frames ?? 0);
  const loadgen = loadgenReport(r, units, st.churn ? 'Ops' : 'FramesReceived');
  const machine = machineReport(r.machine.before, r.machine.after);
  return {
    scenario: o.scenario,
    runId: o.runId,
    startedAt: r.startedAt,
    warnings: warningsOf(r, loadgen.loopDelayP99Ms, machine.busyPercent),
    setup: {
      gateways: o.gateways,
      viewers: o.viewers,
      rooms: r.plans[0].rooms.length,
      durationSec: o.durationSec,
      rate: o.scenario === 'idle' ? null : o.rate,
      workers: r.plans.length,
      sourceAddresses: r.plans[0].sourceAddresses,
      connectRate: o.connectRate,
      client: o.client,
    },
    connections: {
      ...st.connections,
      /** From the first handshake to the last, in the slowest worker (process start-up excluded). */
      connectSeconds: round(st.maxConnectMs / 1000, 2),
      connectPerSec: per(st.connections.opened * 1000, st.maxConnectMs, 1),
      handshakeMs: latencySummaryMs(st.handshake),
    },
    errors: st.errors,
    disconnectReasons: st.disconnectReasons,
    churn: churnSection(r),
    idle: o.scenario === 'idle' ? idleSection(r) : undefined,
    storm: o.scenario === 'storm' ? stormSection(r) : undefined,
    flood: floodSection(r),
    gateways: gatewayReport(r.snapshots, o.gateways.length, runSec, churnWork(r)),
    services: serviceReport(r.snapshots, o.gateways.length, runSec),
    processes: processReport(o, r.snapshots, runSec),
    suite: suiteReport(r, runSec),
    loadgen,
    machine,
  };
}
