import { Command } from 'commander';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Names } from '@livecast/contracts';
import {
  BusCredentials,
  bundlesFromOption,
  findNatsServer,
  freePorts,
  gatewayIdsOf,
  readProcesses,
  startNatsServer,
  startStack,
  type ProcessReading,
  type WatchedProcess,
} from '@livecast/stack-runner';
import { positiveInt } from './lib/cli-args';
import { printResult, progress, round, sleep } from './lib/measure';

/**
 * The suite at rest, as `npm start` runs it (from source, or the production bundles with
 * --bundles) on a private nats-server, with no client: after --settle it reads each
 * process's RSS and CPU from /proc/<pid>/stat, again after --window, and prints one JSON line with
 * the RSS at the end and the CPU spent in the window, per process and for the suite
 * (nats-server apart).
 */
const options = new Command()
  .name('rest-footprint')
  .description('RSS and idle CPU of each service of the suite at rest.')
  .option('--bundles [dir]', 'run the production bundles <dir>/<app>/main.js (default dist/apps, `npm run build`) instead of the sources')
  .option('--settle <ms>', 'idle time after every service is ready, before the first reading', positiveInt, 15_000)
  .option('--window <ms>', 'time between the two readings', positiveInt, 20_000)
  .option('--census', 'also count, per process, the callbacks that wake it in the window (adds their cost to the CPU figures)')
  .parse()
  .opts<{ bundles?: string | true; settle: number; window: number; census?: boolean }>();

const MB = 1024 * 1024;
/** Callbacks listed per process in a census: the rest are folded into `others`. */
const CENSUS_TOP = 12;
const NAMESPACE = 'rest';
// The services' partition count (their default unless set here), which the NATS permissions are cut to.
const PARTITIONS = Number(process.env.PARTITIONS ?? 8);

function read(watched: WatchedProcess[]): Map<string, ProcessReading> {
  const readings = readProcesses(watched);
  return new Map(
    watched.map(({ name, pid }, i) => {
      const reading = readings[i];
      if (!reading) throw new Error(`${name} (pid ${pid}) is gone or /proc is not readable`);
      return [name, reading];
    }),
  );
}

function report(watched: WatchedProcess[], settled: Map<string, ProcessReading>, end: Map<string, ProcessReading>, windowSeconds: number) {
  return Object.fromEntries(
    watched.map(({ name }) => {
      const [first, last] = [settled.get(name) as ProcessReading, end.get(name) as ProcessReading];
      const windowCpu = last.cpuSeconds - first.cpuSeconds;
      return [name, { rssMB: round(last.rssBytes / MB, 1), cpuSecondsToSettled: round(first.cpuSeconds, 2), cpuSeconds: round(windowCpu, 2), cores: round(windowCpu / windowSeconds, 4) }];
    }),
  );
}

/** Environment that preloads the wake-up census into every service, writing to `dir`. */
function censusEnv(dir: string): Record<string, string> {
  const preload = [require.resolve('@swc-node/register'), join(__dirname, 'lib', 'wakeup-census.ts')];
  return { WAKEUP_CENSUS_DIR: dir, NODE_OPTIONS: preload.map((p) => `--require ${p}`).join(' ') };
}

function signalAll(services: WatchedProcess[]): void {
  for (const { pid } of services) process.kill(pid, 'SIGUSR2');
}

interface Census {
  wakeupsPerSecond: number;
  /** Collections in the window by kind, with their pause time. */
  gc: Record<string, { n: number; ms: number }>;
  callbacks: Record<string, number>;
}

/** Each service's census file, its callbacks cut to the busiest CENSUS_TOP. */
async function readCensus(dir: string, services: WatchedProcess[]): Promise<Record<string, Census>> {
  await sleep(500);
  return Object.fromEntries(
    services.map(({ name }) => {
      const file = join(dir, `${name}.json`);
      if (!existsSync(file)) throw new Error(`${name} wrote no census`);
      const census = JSON.parse(readFileSync(file, 'utf8')) as Census;
      const entries = Object.entries(census.callbacks);
      const others = entries.slice(CENSUS_TOP).reduce((sum, [, n]) => sum + n, 0);
      return [name, { ...census, callbacks: Object.fromEntries([...entries.slice(0, CENSUS_TOP), ['others', round(others, 2)]]) }];
    }),
  );
}

async function main(): Promise<void> {
  const bundles = bundlesFromOption(options.bundles);
  const binary = findNatsServer();
  if (!binary) throw new Error('no nats-server binary found (apt-get install nats-server, or set NATS_SERVER_BIN)');
  const [gatewayA, gatewayB, membershipPort, ingestPort, fanoutPort] = await freePorts(5);
  // The services' NATS users and permissions, as `npm start` sets them up.
  const credentials = new BusCredentials(new Names(NAMESPACE), PARTITIONS, gatewayIdsOf([gatewayA, gatewayB]));
  const nats = await startNatsServer(binary, { credentials });
  const censusDir = options.census ? mkdtempSync(join(tmpdir(), 'wakeup-census-')) : undefined;
  const startedAt = Date.now();
  progress(`starting the suite ${bundles ? `from the bundles in ${bundles}` : 'from source'}`);
  const stack = await startStack({
    natsUrl: nats.url,
    namespace: NAMESPACE,
    credentials: nats.credentials,
    jwtSecret: 'rest-footprint-secret-0123456789',
    gatewayPorts: [gatewayA, gatewayB],
    membershipPort,
    ingestPort,
    fanoutPort,
    bundles,
    env: censusDir ? censusEnv(censusDir) : undefined,
    sink: () => undefined,
  }).catch(async (err: unknown) => {
    await nats.stop();
    throw err;
  });
  const readyMs = Date.now() - startedAt;
  try {
    const services: WatchedProcess[] = [stack.membership, stack.ingest, stack.fanout, ...stack.gateways].map((s) => ({ name: s.name, pid: s.child.pid as number }));
    const watched = [...services, { name: 'nats-server', pid: nats.pid as number }];
    progress(`ready in ${readyMs} ms; settling ${options.settle} ms, then measuring ${options.window} ms`);
    await sleep(options.settle);
    const settled = read(watched);
    if (censusDir) signalAll(services);
    await sleep(options.window);
    const end = read(watched);
    if (censusDir) signalAll(services);
    const census = censusDir ? await readCensus(censusDir, services) : undefined;
    const perProcess = report(watched, settled, end, options.window / 1000);
    const suite = services.map((s) => perProcess[s.name]);
    const suiteCpu = suite.reduce((sum, p) => sum + p.cpuSeconds, 0);
    printResult({
      bench: 'rest-footprint',
      launch: bundles ? 'bundles' : 'source',
      readyMs,
      settleMs: options.settle,
      windowMs: options.window,
      suite: { rssMB: round(suite.reduce((sum, p) => sum + p.rssMB, 0), 1), cpuSeconds: round(suiteCpu, 2), cores: round(suiteCpu / (options.window / 1000), 4) },
      processes: perProcess,
      census,
    });
  } finally {
    await stack.stop();
    await nats.stop();
    if (censusDir) rmSync(censusDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
