import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { floodVersusPeer, peerFloodCost, suiteFloodCost, type FloodRun } from './lib/flood-cost';
import { printResult } from './lib/measure';

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

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8').trim().split('\n').pop() as string) as T;

function rest(files: string[]) {
  return Object.fromEntries(
    files.map(readJson<RestRun>).map((run) => {
      const services = Object.entries(run.processes).filter(([name]) => name !== 'nats-server');
      return [run.launch, { suiteCores: run.suite.cores, maxRssMB: Math.max(...services.map(([, p]) => p.rssMB)), natsServerCores: run.processes['nats-server']?.cores }];
    }),
  );
}

function main(): void {
  const suite = options.flood ? suiteFloodCost(readJson<FloodRun>(options.flood), { ingest: options.ingest, fanout: options.fanout }) : undefined;
  const peer = options.peer ? peerFloodCost(readJson<FloodRun>(options.peer)) : undefined;
  printResult({
    bench: 'suite-cost',
    rest: options.rest ? rest(options.rest) : undefined,
    flood: suite,
    peer,
    floodVsPeer: suite && peer ? floodVersusPeer(suite, peer) : undefined,
  });
}

main();
