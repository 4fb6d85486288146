import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { printResult, round } from './lib/measure';

/**
 * Issue 13's figures in one JSON line, from the JSON lines of the runs that measure them:
 * `rest-footprint` (from source and --bundles), a loadgen `flood` against the suite (with
 * `--services <ingest>,<fanout> --pids nats=<pid>`) and the same flood against the peer
 * (`--pids redis=<pid>`). It measures nothing itself, so each figure keeps the method of
 * the run it comes from; a run not given leaves its figures out.
 */
const options = new Command()
  .name('suite-cost')
  .description('One JSON summary of the suite cost figures (issue 13) from rest-footprint and loadgen flood outputs.')
  .option('--rest <files...>', 'rest-footprint JSON lines (source and/or bundles)')
  .option('--flood <file>', 'loadgen flood summary against the suite')
  .option('--peer <file>', 'loadgen flood summary against the peer, same command')
  .option('--ingest <url>', 'ingest metrics URL as given to the flood run (--services)', 'http://127.0.0.1:3200')
  .option('--fanout <url>', 'fanout metrics URL as given to the flood run (--services)', 'http://127.0.0.1:3300')
  .parse()
  .opts<{ rest?: string[]; flood?: string; peer?: string; ingest: string; fanout: string }>();

interface RestRun {
  launch: 'source' | 'bundles';
  suite: { cores: number };
  processes: Record<string, { rssMB: number; cores: number }>;
}

interface FloodRun {
  setup: { durationSec: number };
  flood: { acked: number; ackMs: { p99: number }; e2e: { fromSendMs: { p50: number; p99: number } }; priorityDelivery: { ratio: number } };
  gateways: Array<{ cpuSeconds: number; framesReceivedPerSec: number }>;
  services: Array<{ url: string; cpuSeconds: number }>;
  processes: Array<{ name: string; cpuSeconds: number }>;
  suite: { cpuSeconds: number; cpuUsPerAcceptedMessage: number };
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8').trim().split('\n').pop() as string) as T;

function rest(files: string[]) {
  return Object.fromEntries(
    files.map(readJson<RestRun>).map((run) => {
      const services = Object.entries(run.processes).filter(([name]) => name !== 'nats-server');
      return [run.launch, { suiteCores: run.suite.cores, maxRssMB: Math.max(...services.map(([, p]) => p.rssMB)), natsServerCores: run.processes['nats-server']?.cores }];
    }),
  );
}

function cpuOf(run: FloodRun, url: string): number | undefined {
  return run.services.find((s) => s.url === url)?.cpuSeconds;
}

function flood(run: FloodRun, ingestUrl: string, fanoutUrl: string) {
  const accepted = run.flood.acked;
  const [ingest, fanout] = [cpuOf(run, ingestUrl), cpuOf(run, fanoutUrl)];
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
  };
}

function main(): void {
  const suite = options.flood ? flood(readJson<FloodRun>(options.flood), options.ingest, options.fanout) : undefined;
  const peerRun = options.peer ? readJson<FloodRun>(options.peer) : undefined;
  const peer = peerRun && { accepted: peerRun.flood.acked, cpuSeconds: peerRun.suite.cpuSeconds, cpuUsPerAcceptedMessage: peerRun.suite.cpuUsPerAcceptedMessage, sendAckP99Ms: peerRun.flood.ackMs.p99 };
  printResult({
    bench: 'suite-cost',
    rest: options.rest ? rest(options.rest) : undefined,
    flood: suite,
    peer,
    floodVsPeer:
      suite && peer
        ? {
            cpu: round(suite.suiteCpuSeconds / peer.cpuSeconds, 3),
            cpuWithoutNats: round(suite.suiteCpuSecondsWithoutNats / peer.cpuSeconds, 3),
            perAcceptedMessage: round((suite.suiteCpuSeconds / suite.accepted) / (peer.cpuSeconds / peer.accepted), 3),
          }
        : undefined,
  });
}

main();
