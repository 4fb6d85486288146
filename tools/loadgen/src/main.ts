import { writeFileSync } from 'node:fs';
import { signingSecretOf } from '@livecast/auth';
import { Argument, Command, Option } from 'commander';
import { CLIENT_KINDS, type ClientKind } from './client-factory';
import { runLoad } from './coordinator';
import { DEFAULT_MIX, parseMix } from './mix';
import {
  SCENARIOS,
  SCENARIO_DEFAULTS,
  defaultRunId,
  parseCount,
  parseList,
  parsePositive,
  parseRange,
  parseRate,
  validateOptions,
  type LoadgenOptions,
  type Scenario,
} from './options';
import { parsePids } from './process-cpu';
import { Progress } from './progress';
import { buildSummary } from './summary';

// The dev stack's secret (tools/dev-stack/src/dev-secret.ts); repeated here because tools
// do not import each other. Never a deployed secret.
const DEV_JWT_SECRET = 'livecast-dev-secret-change-me';

const program = new Command()
  .name('loadgen')
  .description(
    'Load generator for livecast: churn (join/leave rate), idle (memory per connection), flood (one busy room), storm (every viewer reconnects at once). Prints one JSON summary line on stdout.',
  )
  .addArgument(new Argument('<scenario>', 'what load to put on the suite').choices(SCENARIOS))
  .option('--gateways <urls>', 'comma-separated gateway base URLs', 'http://127.0.0.1:3000,http://127.0.0.1:3001')
  .option('--membership <url>', 'membership admin API (rooms are opened there)', 'http://127.0.0.1:3100')
  .option('--services <urls>', 'other services whose /metrics CPU and RSS to report (ingest, fan-out)', '')
  .option('--pids <name=pid,…>', 'processes without /metrics whose CPU to report from /proc (nats-server, redis-server)', '')
  .option('-v, --viewers <n>', 'viewer connections (default: 1000)')
  .option('-r, --rooms <n>', 'rooms (default: churn 100, idle 0 = no joins, flood 1, storm 1)')
  .option('-d, --duration <s>', 'measured phase, seconds', '10')
  .option('--rate <n>', 'churn: join+leave ops/s (default 1000); flood: messages/s (default 500)')
  .option('--workers <n>', 'worker processes (default: one per 15K connections)', '0')
  .option('--source-addresses <ips>', 'loopback source addresses to spread connections over (default: auto past 25K per gateway)', '')
  .option('--connect-rate <rate>', 'new connections per second, e.g. 2000/s', '2000/s')
  .option('--connect-concurrency <n>', 'handshakes in flight at once', '500')
  .option('--ack-timeout <ms>', 'an ack (or handshake) slower than this counts as TIMEOUT', '10000')
  .option('--dwell <ms>', 'churn: time in a room, ms or min-max (default: from rate and viewers)')
  .option('--senders <n>', 'flood: viewer-role senders of chat/like/gift (default: rate / --sender-rate)')
  .option('--sender-rate <n>', 'flood: msgs/s one viewer-role sender sustains (ingest default limit 20 per 30 s)', '0.6')
  .option('--system-senders <n>', 'flood: admin-role senders of system messages (default: rate / --system-sender-rate)')
  .option('--system-sender-rate <n>', 'flood: msgs/s one admin sender sustains (ingest default 100 per 10 s)', '8')
  .option('--mix <mix>', 'flood: kind shares', DEFAULT_MIX)
  .option('--sample-viewers <n>', 'flood: viewers whose every seq is timed for e2e latency and priority delivery', '20')
  .option('--drain <ms>', 'flood: keep recording this long after sending stops', '3000')
  .option('--settle <ms>', 'wait after connecting before measuring', '1000')
  .option('--jwt-secret <secret>', 'HS256 secret (default: JWT_SECRET or the dev secret)')
  .option('--run-id <id>', 'prefix of room and user ids (default: lg + time)')
  .addOption(new Option('--client <kind>', 'connection implementation: lean (wire protocol on ws, cheap) or socket.io (socket.io-client)').choices(CLIENT_KINDS).default('lean'))
  .option('--out <file>', 'also write the JSON summary to this file')
  .option('--no-progress', 'no progress bar on stderr');

/** Turns commander's strings into validated options, applying the scenario's defaults. */
function toOptions(scenario: Scenario, raw: Record<string, string | boolean | undefined>): LoadgenOptions {
  const defaults = SCENARIO_DEFAULTS[scenario];
  const str = (key: string) => raw[key] as string | undefined;
  const optional = <T>(key: string, parse: (text: string) => T) => (str(key) === undefined ? undefined : parse(str(key) as string));
  const membership = str('membership') as string;
  const options: LoadgenOptions = {
    scenario,
    client: str('client') as ClientKind,
    gateways: parseList(str('gateways') as string),
    membership,
    services: [membership, ...parseList(str('services') as string)],
    processes: parsePids(str('pids') as string),
    viewers: optional('viewers', (t) => parseCount(t, '--viewers', 1)) ?? defaults.viewers,
    rooms: optional('rooms', (t) => parseCount(t, '--rooms')) ?? defaults.rooms,
    durationSec: parsePositive(str('duration') as string, '--duration'),
    rate: optional('rate', (t) => parsePositive(t, '--rate')) ?? defaults.rate,
    workers: parseCount(str('workers') as string, '--workers'),
    sourceAddresses: parseList(str('sourceAddresses') as string),
    connectRate: parseRate(str('connectRate') as string),
    connectConcurrency: parseCount(str('connectConcurrency') as string, '--connect-concurrency', 1),
    ackTimeoutMs: parsePositive(str('ackTimeout') as string, '--ack-timeout'),
    dwellMs: optional('dwell', parseRange),
    senders: optional('senders', (t) => parseCount(t, '--senders')),
    senderRate: parsePositive(str('senderRate') as string, '--sender-rate'),
    systemSenders: optional('systemSenders', (t) => parseCount(t, '--system-senders')),
    systemSenderRate: parsePositive(str('systemSenderRate') as string, '--system-sender-rate'),
    mix: parseMix(str('mix') as string),
    sampleViewers: parseCount(str('sampleViewers') as string, '--sample-viewers'),
    drainMs: parseCount(str('drain') as string, '--drain'),
    settleMs: parseCount(str('settle') as string, '--settle'),
    jwtSecret: str('jwtSecret') ?? signingSecretOf(process.env.JWT_SECRET ?? DEV_JWT_SECRET),
    runId: str('runId') ?? defaultRunId(),
    out: str('out'),
    progress: raw.progress !== false,
  };
  validateOptions(options);
  return options;
}

async function main(): Promise<void> {
  program.parse();
  const options = toOptions(program.args[0] as Scenario, program.opts());
  const result = await runLoad(options, new Progress(options.progress));
  const line = JSON.stringify(buildSummary(result));
  process.stdout.write(`${line}\n`);
  if (options.out) writeFileSync(options.out, `${line}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`loadgen: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
