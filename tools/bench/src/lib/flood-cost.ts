import { quantile } from './ingest-driver';
import { round } from './measure';

/** The parts of a loadgen `flood` summary (`--out`) the cost figures read. */
export interface FloodRun {
  setup: { durationSec: number };
  errors: Record<string, number>;
  flood: {
    acked: number;
    ackMs: { p99: number };
    e2e: { fromSendMs: { p50: number; p99: number } };
    priorityDelivery: { ratio: number };
    perViewer: { normal: { maxWindow: number }; priority: { maxWindow: number }; gaps: number };
  };
  gateways: Array<{ cpuSeconds: number; framesReceivedPerSec: number }>;
  services: Array<{ url: string; cpuSeconds: number }>;
  processes: Array<{ name: string; cpuSeconds: number }>;
  suite: { cpuSeconds: number; cpuUsPerAcceptedMessage: number };
}

/** Where the suite's ingest and fan-out were scraped in that run (`--services`). */
export interface CostUrls {
  ingest: string;
  fanout: string;
}

export type SuiteFloodCost = ReturnType<typeof suiteFloodCost>;
export type PeerFloodCost = ReturnType<typeof peerFloodCost>;

function cpuOf(run: FloodRun, url: string): number | undefined {
  return run.services.find((s) => s.url === url)?.cpuSeconds;
}

/** Issue 13's per-service figures of one flood against the suite (`--pids nats=<pid>` for nats-server's). */
export function suiteFloodCost(run: FloodRun, urls: CostUrls) {
  const accepted = run.flood.acked;
  const [ingest, fanout] = [cpuOf(run, urls.ingest), cpuOf(run, urls.fanout)];
  const nats = run.processes.find((p) => p.name === 'nats')?.cpuSeconds;
  // Every gateway subscribed to the room receives each published frame once.
  const frames = (run.gateways[0]?.framesReceivedPerSec ?? 0) * run.setup.durationSec;
  return {
    accepted,
    ingestAcceptedPerCpuSecond: ingest ? round(accepted / ingest, 0) : undefined,
    fanoutUsPerConsumedMessage: fanout ? round((fanout / accepted) * 1e6, 1) : undefined,
    fanoutUsPerFrame: fanout && frames ? round((fanout / frames) * 1e6, 0) : undefined,
    natsServerUsPerAcceptedMessage: nats ? round((nats / accepted) * 1e6, 1) : undefined,
    gatewayCpuSeconds: round(run.gateways.reduce((sum, g) => sum + g.cpuSeconds, 0), 2),
    suiteCpuSeconds: run.suite.cpuSeconds,
    suiteCpuSecondsWithoutNats: nats ? round(run.suite.cpuSeconds - nats, 3) : run.suite.cpuSeconds,
    sendAckP99Ms: run.flood.ackMs.p99,
    e2eFromSendP50Ms: run.flood.e2e.fromSendMs.p50,
    e2eFromSendP99Ms: run.flood.e2e.fromSendMs.p99,
    priorityRatio: run.flood.priorityDelivery.ratio,
    normalMaxPerViewerSecond: run.flood.perViewer.normal.maxWindow,
    priorityMaxPerViewerSecond: run.flood.perViewer.priority.maxWindow,
  };
}

/** The peer's figures of the same flood (`--pids redis=<pid>`: Redis is part of its cost). */
export function peerFloodCost(run: FloodRun) {
  return { accepted: run.flood.acked, cpuSeconds: run.suite.cpuSeconds, cpuUsPerAcceptedMessage: run.suite.cpuUsPerAcceptedMessage, sendAckP99Ms: run.flood.ackMs.p99 };
}

/** The suite's CPU as a share of the peer's: in total, without nats-server, and per accepted message. */
export function floodVersusPeer(suite: SuiteFloodCost, peer: PeerFloodCost) {
  return {
    cpu: round(suite.suiteCpuSeconds / peer.cpuSeconds, 3),
    cpuWithoutNats: round(suite.suiteCpuSecondsWithoutNats / peer.cpuSeconds, 3),
    perAcceptedMessage: round(suite.suiteCpuSeconds / suite.accepted / (peer.cpuSeconds / peer.accepted), 3),
  };
}

/** Per numeric field, the median over rounds (fields missing in some rounds count only where present). */
export function medians<T extends object>(rounds: readonly T[]): Record<string, number | null> {
  const keys = new Set(rounds.flatMap((r) => Object.keys(r)));
  return Object.fromEntries(
    [...keys].map((key) => {
      const values = rounds.map((r) => (r as Record<string, unknown>)[key]).filter((v): v is number => typeof v === 'number');
      return [key, quantile(values, 0.5)];
    }),
  );
}
