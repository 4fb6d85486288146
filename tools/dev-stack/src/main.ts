import { Command } from 'commander';
import { findOrStartNats, startStack } from '@livecast/stack-runner';
import { DEV_JWT_SECRET } from './dev-secret';

const COLORS = ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m', '\x1b[34m', '\x1b[91m'];
const RESET = '\x1b[0m';
const DEV_SECRET = DEV_JWT_SECRET;

const program = new Command()
  .name('dev-stack')
  .description('Runs the whole livecast suite locally: NATS (found or started), ingest, membership, fan-out and gateways.')
  .option('--nats-url <url>', 'NATS to use when reachable', process.env.NATS_URL ?? 'nats://127.0.0.1:4222')
  .option('--private-nats', 'always start a private nats-server on a free port', false)
  .option('--namespace <ns>', 'prefix of subjects, streams and buckets', process.env.NATS_NAMESPACE ?? 'lc')
  .option('--gateways <ports>', 'comma-separated gateway ports', '3000,3001')
  .option('--membership-port <port>', 'membership admin API port', '3100')
  .option('--ingest-port <port>', 'ingest health/metrics port', '3200')
  .option('--fanout-port <port>', 'fanout health/metrics port', '3300')
  .option('--log-level <level>', 'service log level', process.env.LOG_LEVEL ?? 'info')
  .parse();

async function main(): Promise<void> {
  const options = program.opts<{
    natsUrl: string;
    privateNats: boolean;
    namespace: string;
    gateways: string;
    membershipPort: string;
    ingestPort: string;
    fanoutPort: string;
    logLevel: string;
  }>();
  const nats = await findOrStartNats(options.natsUrl, options.privateNats);
  console.log(`nats: ${nats.url} (${nats.owned ? 'started privately, temporary store' : 'already running'})`);
  const colorOf = new Map<string, string>();
  const jwtSecret = process.env.JWT_SECRET ?? DEV_SECRET;
  const stack = await startStack({
    natsUrl: nats.url,
    namespace: options.namespace,
    jwtSecret,
    gatewayPorts: options.gateways.split(',').map(Number),
    membershipPort: Number(options.membershipPort),
    ingestPort: Number(options.ingestPort),
    fanoutPort: Number(options.fanoutPort),
    env: { LOG_FORMAT: 'pretty', LOG_LEVEL: options.logLevel },
    sink: (name, line) => {
      if (!colorOf.has(name)) colorOf.set(name, COLORS[colorOf.size % COLORS.length]);
      console.log(`${colorOf.get(name)}${name.padEnd(12)}${RESET} ${line}`);
    },
  });
  console.log(
    [
      '',
      'livecast is up:',
      ...stack.gateways.map((g) => `  gateway      ${g.httpUrl}  (socket.io; /health/ready, /metrics)`),
      `  membership   ${stack.membership.httpUrl}  (admin API, OpenAPI at /docs)`,
      `  ingest       ${stack.ingest.httpUrl}  fanout ${stack.fanout.httpUrl}`,
      `  JWT secret   ${jwtSecret === DEV_SECRET ? `${DEV_SECRET} (dev default)` : '(from JWT_SECRET)'}`,
      '  mint a token: npm run token -- --sub alice --role host',
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('stopping…');
    await stack.stop();
    await nats.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
