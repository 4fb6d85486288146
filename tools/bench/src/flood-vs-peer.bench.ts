import { Names } from '@livecast/contracts';
import { BusCredentials, findNatsServer, freePorts, gatewayIdsOf, startNatsServer, startProcess, startStack, stopInOrder, type ServiceProcess } from '@livecast/stack-runner';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { positiveInt } from './lib/cli-args';
import { floodVersusPeer, medians, peerFloodCost, suiteFloodCost, type FloodRun } from './lib/flood-cost';
import { printResult, progress, round } from './lib/measure';

/**
 * Issue 13's flood, the suite against the peer (stock Socket.IO + Redis adapter) in one
 * command: a private nats-server and the suite with the loadgen README's raised limits,
 * two peer instances on the local Redis, then `--rounds` rounds of the same loadgen flood
 * against each in turn (suite, peer, suite, …), so that a machine that is slower for a
 * minute slows both. Prints one JSON line: every round's figures and their medians.
 */
const options = new Command()
  .name('flood-vs-peer')
  .description('Suite vs peer CPU under the same flood, per service, in rounds; one JSON line.')
  .option('--rounds <n>', 'floods against each, alternating', positiveInt, 3)
  .option('--viewers <n>', 'viewers of the flooded room', positiveInt, 100)
  .option('--senders <n>', 'viewer senders', positiveInt, 200)
  .option('--sender-rate <n>', 'msgs/s per sender', positiveInt, 2)
  .option('--rate <n>', 'msgs/s offered in total', positiveInt, 400)
  .option('--duration <s>', 'seconds measured per flood', positiveInt, 8)
  .option('--redis <url>', 'the peer\'s Redis', 'redis://127.0.0.1:6379')
  .option('--redis-pid <pid>', 'redis-server process whose CPU counts for the peer (default: the one redis-server running)', positiveInt)
  .option('--cpu-prof-dir <dir>', 'the suite\'s services write their CPU profiles (node --cpu-prof) here when the bench ends')
  .parse()
  .opts<{ rounds: number; viewers: number; senders: number; senderRate: number; rate: number; duration: number; redis: string; redisPid?: number; cpuProfDir?: string }>();

const JWT_SECRET = 'flood-vs-peer-secret-0123456789';
const NAMESPACE = 'fvp';
// The loadgen README's raised limits: the flood measures cost, not refusals.
const RAISED_LIMITS = {
  RATE_ROOM_RATE: '20000',
  RATE_ROOM_BURST: '20000',
  RATE_VIEWER_RATE: '100',
  RATE_VIEWER_PER_MS: '1000',
  RATE_VIEWER_BURST: '100',
  RATE_STAFF_RATE: '100',
  RATE_STAFF_PER_MS: '1000',
  RATE_STAFF_BURST: '100',
  LOG_LEVEL: 'warn',
};
const run = promisify(execFile);

/** nats-server's own counters (monitoring endpoint) at one moment. */
interface ServerCounters {
  inMsgs: number;
  outMsgs: number;
  subscriptions: number;
  consumers: number;
  jsApiRequests: number;
}

async function serverCounters(monitorPort: number): Promise<ServerCounters> {
  const get = (path: string) => fetch(`http://127.0.0.1:${monitorPort}${path}`).then((r) => r.json() as Promise<Record<string, unknown>>);
  const [varz, jsz] = await Promise.all([get('/varz'), get('/jsz')]);
  const api = jsz.api as { total: number } | undefined;
  return { inMsgs: varz.in_msgs as number, outMsgs: varz.out_msgs as number, subscriptions: varz.subscriptions as number, consumers: jsz.consumers as number, jsApiRequests: api?.total ?? 0 };
}

/** What the server did over one suite flood (its connect, measured phase and drain), per accepted message, and what it holds after. */
function busWork(before: ServerCounters, after: ServerCounters, accepted: number) {
  const per = (n: number) => round(n / accepted, 2);
  return {
    messagesInPerAccepted: per(after.inMsgs - before.inMsgs),
    messagesOutPerAccepted: per(after.outMsgs - before.outMsgs),
    jsApiRequestsPerAccepted: per(after.jsApiRequests - before.jsApiRequests),
    subscriptionsAfter: after.subscriptions,
    consumersAfter: after.consumers,
  };
}

const url = (port: number) => `http://127.0.0.1:${port}`;

/** The only redis-server process on this machine; with several, --redis-pid must say which. */
function redisServerPid(): number {
  const pids = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'redis-server';
      } catch {
        return false;
      }
    });
  if (pids.length !== 1) throw new Error(`found ${pids.length} redis-server processes: name the peer's with --redis-pid`);
  return Number(pids[0]);
}

/** One loadgen flood; resolves with its `--out` summary. */
async function flood(target: { gateways: string[]; membership: string; services: string[]; pids: string }, out: string): Promise<FloodRun> {
  const args = [
    ...['-r', '@swc-node/register', join('tools', 'loadgen', 'src', 'main.ts'), 'flood'],
    ...['--gateways', target.gateways.join(','), '--membership', target.membership, '--pids', target.pids, '--jwt-secret', JWT_SECRET],
    ...(target.services.length > 0 ? ['--services', target.services.join(',')] : []),
    ...['-v', String(options.viewers), '--senders', String(options.senders), '--sender-rate', String(options.senderRate)],
    ...['--rate', String(options.rate), '-d', String(options.duration), '--out', out],
  ];
  await run(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(readFileSync(out, 'utf8')) as FloodRun;
}

async function main(): Promise<void> {
  const binary = findNatsServer();
  if (!binary) throw new Error('no nats-server binary found (apt-get install nats-server, or set NATS_SERVER_BIN)');
  const redisPid = options.redisPid ?? redisServerPid();
  const [gatewayA, gatewayB, membershipPort, ingestPort, fanoutPort, peerA, peerB, natsMonitor] = await freePorts(8);
  const work = mkdtempSync(join(tmpdir(), 'flood-vs-peer-'));
  const credentials = new BusCredentials(new Names(NAMESPACE), Number(process.env.PARTITIONS ?? 8), gatewayIdsOf([gatewayA, gatewayB]));
  const nats = await startNatsServer(binary, { credentials, monitorPort: natsMonitor });
  const peers: ServiceProcess[] = [];
  let stack: Awaited<ReturnType<typeof startStack>> | undefined;
  try {
    progress('starting the suite and two peers');
    stack = await startStack({
      natsUrl: nats.url,
      namespace: NAMESPACE,
      credentials: nats.credentials,
      jwtSecret: JWT_SECRET,
      gatewayPorts: [gatewayA, gatewayB],
      membershipPort,
      ingestPort,
      fanoutPort,
      env: RAISED_LIMITS,
      cpuProfileDir: options.cpuProfDir && resolve(options.cpuProfDir),
      sink: () => undefined,
    });
    const prefix = `fvp${Date.now().toString(36)}`;
    for (const port of [peerA, peerB]) {
      const args = [
        ...['-r', '@swc-node/register', join('tools', 'bench', 'src', 'peer', 'main.ts'), '--port', String(port), '--prefix', prefix, '--redis', options.redis],
        // The peer's fixed window, raised like the suite's limits.
        ...['--user-limit', '100', '--user-window', '1', '--jwt-secret', JWT_SECRET],
      ];
      peers.push(await startProcess({ name: `peer-${port}`, args, env: {}, port }, () => undefined));
    }
    const suiteTarget = { gateways: [url(gatewayA), url(gatewayB)], membership: url(membershipPort), services: [url(ingestPort), url(fanoutPort)], pids: `nats=${nats.pid}` };
    const peerTarget = { gateways: [url(peerA), url(peerB)], membership: url(peerA), services: [], pids: `redis=${redisPid}` };
    const rounds = [];
    for (let i = 1; i <= options.rounds; i++) {
      progress(`round ${i}/${options.rounds}: suite`);
      const before = await serverCounters(natsMonitor);
      const suiteRun = await flood(suiteTarget, join(work, `suite-${i}.json`));
      const bus = busWork(before, await serverCounters(natsMonitor), suiteRun.flood.acked);
      progress(`round ${i}/${options.rounds}: peer`);
      const peerRun = await flood(peerTarget, join(work, `peer-${i}.json`));
      const suite = suiteFloodCost(suiteRun, { ingest: suiteTarget.services[0], fanout: suiteTarget.services[1] });
      const peer = peerFloodCost(peerRun);
      rounds.push({ suite, bus, suiteErrors: suiteRun.errors, peer, peerErrors: peerRun.errors, versus: floodVersusPeer(suite, peer) });
    }
    printResult({
      bench: 'flood-vs-peer',
      node: process.version,
      setup: { rounds: options.rounds, viewers: options.viewers, senders: options.senders, senderRate: options.senderRate, rate: options.rate, durationSec: options.duration },
      median: { suite: medians(rounds.map((r) => r.suite)), bus: medians(rounds.map((r) => r.bus)), peer: medians(rounds.map((r) => r.peer)), versus: medians(rounds.map((r) => r.versus)) },
      rounds,
    });
  } finally {
    await stopInOrder(peers);
    await stack?.stop();
    await nats.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
