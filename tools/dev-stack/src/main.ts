import { Names } from '@livecast/contracts';
import { Command } from 'commander';
import { openLobby, startDemoServer, type DemoServer } from '@livecast/demo';
import {
  assertPortsFree,
  BusCredentials,
  bundlesFromOption,
  DEV_RESTART_POLICY,
  describeSupervisionEvent,
  findOrStartNats,
  gatewayIdsOf,
  startStack,
  type NatsHandle,
  type Stack,
  type SupervisionEvent,
} from '@livecast/stack-runner';
import { resolve } from 'node:path';
import { DEV_JWT_SECRET } from './dev-secret';
import { parsePort, parsePortList } from './port-list';

const COLORS = ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m', '\x1b[34m', '\x1b[91m'];
const RESET = '\x1b[0m';

const program = new Command()
  .name('dev-stack')
  .description('Runs the whole livecast suite locally: NATS (found or started), ingest, membership, fan-out and gateways.')
  .option('--nats-url <urls>', 'NATS for --existing-nats, or when no nats-server binary exists: one URL or a comma-separated list', process.env.NATS_URL ?? 'nats://127.0.0.1:4222')
  .option('--existing-nats', 'use the NATS at --nats-url when it answers, with its own auth (services take NATS_* credentials from this shell)', false)
  .option('--private-nats', 'start a private nats-server with per-service users (the default; kept for scripts)', true)
  .option('--namespace <ns>', 'prefix of subjects, streams and buckets', process.env.NATS_NAMESPACE ?? 'lc')
  .option('--gateways <ports>', 'comma-separated gateway ports', '3000,3001')
  .option('--membership-port <port>', 'membership admin API port', '3100')
  .option('--ingest-port <port>', 'ingest health/metrics port', '3200')
  .option('--fanout-port <port>', 'fanout health/metrics port', '3300')
  .option('--log-level <level>', 'service log level', process.env.LOG_LEVEL ?? 'info')
  .option('--no-restart', 'do not restart a service that exits (by default: backoff, at most 5 restarts a minute)')
  .option('--bundles [dir]', 'run the production bundles <dir>/<app>/main.js (default dist/apps, `npm run build`) instead of the sources')
  .option('--cpu-prof-dir <dir>', 'every service writes its CPU profile (node --cpu-prof) into <dir> when the stack stops')
  .option('--demo-port <port>', 'port of the demo web app (viewer page, host panel, dev tokens)', '8080')
  .option('--demo-host <host>', 'address the demo web app listens on (it hands out tokens: keep it local)', '127.0.0.1')
  .option('--no-demo', 'do not serve the demo web app')
  .parse();

interface DevStackOptions {
  natsUrl: string;
  existingNats: boolean;
  namespace: string;
  gateways: string;
  membershipPort: string;
  ingestPort: string;
  fanoutPort: string;
  logLevel: string;
  restart: boolean;
  bundles?: string | true;
  cpuProfDir?: string;
  demo: boolean;
  demoPort: string;
  demoHost: string;
}

const options = program.opts<DevStackOptions>();
const jwtSecret = process.env.JWT_SECRET ?? DEV_JWT_SECRET;
const startup = new AbortController();
let nats: Promise<NatsHandle | undefined> = Promise.resolve(undefined);
let stack: Promise<Stack | undefined> = Promise.resolve(undefined);
let demo: Promise<DemoServer | undefined> = Promise.resolve(undefined);
let stopping = false;

/**
 * Stops whatever is running and exits; a second signal does not interrupt the drain.
 * Mid start-up it abandons the start and waits until startStack has stopped what it began.
 */
async function shutdown(code: number, message: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(message);
  startup.abort();
  await (await demo)?.close();
  await (await stack)?.stop();
  await (await nats)?.stop();
  process.exit(code);
}

function colorSink(): (name: string, line: string) => void {
  const colorOf = new Map<string, string>();
  return (name, line) => {
    if (!colorOf.has(name)) colorOf.set(name, COLORS[colorOf.size % COLORS.length]);
    console.log(`${colorOf.get(name)}${name.padEnd(12)}${RESET} ${line}`);
  };
}

function onSupervisionEvent(event: SupervisionEvent): void {
  const line = `dev-stack: ${describeSupervisionEvent(event)}`;
  if (event.kind === 'exited' && event.decision.kind === 'give-up') void shutdown(1, `${line}\nstopping the whole stack: a suite without ${event.service} is broken.`);
  else console.log(line);
}

async function main(): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0, `${signal}: stopping…`));
  const ports = {
    gateways: parsePortList(options.gateways, '--gateways'),
    membership: parsePort(options.membershipPort, '--membership-port'),
    ingest: parsePort(options.ingestPort, '--ingest-port'),
    fanout: parsePort(options.fanoutPort, '--fanout-port'),
    demo: parsePort(options.demoPort, '--demo-port'),
  };
  await assertPortsFree([
    { service: 'ingest-1', port: ports.ingest },
    { service: 'membership-1', port: ports.membership },
    { service: 'fanout-1', port: ports.fanout },
    ...ports.gateways.map((port, i) => ({ service: `gateway-${i + 1}`, port })),
    ...(options.demo ? [{ service: 'demo', port: ports.demo }] : []),
  ]);
  const credentials = new BusCredentials(new Names(options.namespace), Number(process.env.PARTITIONS ?? 8), gatewayIdsOf(ports.gateways));
  const natsStarting = findOrStartNats(options.natsUrl, !options.existingNats, { ownProcessGroup: true, credentials });
  nats = natsStarting.catch(() => undefined);
  const handle = await natsStarting;
  const fallback = handle.owned && options.existingNats ? ` — nothing answered at ${options.natsUrl}` : '';
  console.log(
    handle.credentials
      ? `nats: ${handle.url} (started privately, temporary store, every service on its own user and permissions${fallback})`
      : `nats: ${handle.url} (already running: WITHOUT per-service users and permissions unless its own config has them)`,
  );
  startup.signal.throwIfAborted();
  const starting = startStack({
    natsUrl: handle.url,
    namespace: options.namespace,
    jwtSecret,
    gatewayPorts: ports.gateways,
    membershipPort: ports.membership,
    ingestPort: ports.ingest,
    fanoutPort: ports.fanout,
    credentials: handle.credentials,
    env: { LOG_FORMAT: 'pretty', LOG_LEVEL: options.logLevel },
    bundles: bundlesFromOption(options.bundles),
    cpuProfileDir: options.cpuProfDir && resolve(options.cpuProfDir),
    sink: colorSink(),
    supervise: options.restart ? { policy: DEV_RESTART_POLICY, onEvent: onSupervisionEvent } : undefined,
    signal: startup.signal,
  });
  stack = starting.catch(() => undefined);
  const running = await starting;
  await openLobby(running.membership.httpUrl, jwtSecret);
  const demoStarting = options.demo ? startDemo(running, ports.demo) : Promise.resolve(undefined);
  demo = demoStarting.catch(() => undefined);
  printBanner(running, handle, await demoStarting);
}

function startDemo(running: Stack, port: number): Promise<DemoServer> {
  const gatewayPorts = running.gateways.map((g) => Number(new URL(g.httpUrl).port));
  return startDemoServer({ port, host: options.demoHost, gatewayPorts, membershipUrl: running.membership.httpUrl, jwtSecret });
}

function printBanner(running: Stack, bus: NatsHandle, demoServer: DemoServer | undefined): void {
  const operator = bus.credentials?.operator;
  console.log(
    [
      '',
      'livecast is up:',
      ...(demoServer ? [`  demo         ${demoServer.url}  (viewer page of room lobby, ?room=<id>; host panel)`] : []),
      ...running.gateways.map((g) => `  gateway      ${g.httpUrl}  (socket.io; /health/ready, /metrics)`),
      `  membership   ${running.membership.httpUrl}  (admin API, OpenAPI at /docs)`,
      `  ingest       ${running.ingest.httpUrl}  fanout ${running.fanout.httpUrl}`,
      `  JWT secret   ${jwtSecret === DEV_JWT_SECRET ? `${DEV_JWT_SECRET} (dev default)` : '(from JWT_SECRET)'}`,
      ...(operator ? [`  nats CLI     nats --server ${bus.url} --user ${operator.user} --password ${operator.password} (full access, this run only)`] : []),
      `  restarts     ${options.restart ? 'a service that exits is restarted (backoff; the stack stops after 5 restarts a minute)' : 'off (--no-restart)'}`,
      '  mint a token: npm run token -- --sub alice --role host',
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  if (stopping) return;
  void shutdown(1, `livecast did not start: ${err instanceof Error ? err.message : String(err)}`);
});
