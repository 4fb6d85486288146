import { Names } from '@livecast/contracts';
import { Command, Option } from 'commander';
import { connect, type NatsConnection } from 'nats';
import { ChatFrames } from './lib/chat-frames';
import { ClientFleet } from './lib/client-fleet';
import { BareServer, GatewayUnderTest, processCpuSeconds, tokenFor } from './lib/delivery-servers';
import { printResult, progress, round, sleep } from './lib/measure';

/**
 * The running gateway's cost per delivered message next to the physical limit, on the
 * same run: a real gateway (with ingest and membership behind it) and a bare pre-encoded
 * `ws` server each get the same frames published on NATS for a room whose viewers are
 * connected to it, phase after phase, round after round. CPU of each server process from
 * /proc; bytes on the wire from the clients' TCP sockets. With `--compression both` every
 * phase runs once with clients that decline permessage-deflate and once with clients
 * that negotiate it.
 */
const command = new Command()
  .name('gateway-delivery')
  .description('Gateway CPU per delivered message vs a bare pre-encoded write, and bytes on the wire with shared compression.')
  .option('--sockets <n>', 'viewers per room (one room per server and compression mode)', Number, 2000)
  .option('--messages <n>', 'chat messages per frame (mega-room mode: ~22 per 1-s frame)', Number, 22)
  .option('--rate <n>', 'frames per second per room', Number, 1)
  .option('--duration <s>', 'seconds measured per phase', Number, 8)
  .option('--rounds <n>', 'rounds of phases (medians are reported)', Number, 3)
  .option('--client-procs <n>', 'child processes holding the client sockets (per fleet)', Number, 1)
  .option('--deflate-level <n>', 'zlib level of the shared compressed frames', Number, 6)
  .option('--profile-dir <dir>', "write the gateway's CPU profile (node --cpu-prof) into this directory")
  .addOption(new Option('--compression <mode>', 'client side of permessage-deflate').choices(['off', 'on', 'both']).default('both'))
  .parse();

interface Options {
  sockets: number;
  messages: number;
  rate: number;
  duration: number;
  rounds: number;
  clientProcs: number;
  deflateLevel: number;
  compression: 'off' | 'on' | 'both';
  profileDir?: string;
}

type ServerKind = 'gateway' | 'bare';

/** One room's viewers on one server, the frames published to it and how its server's CPU is read. */
interface Lane {
  server: ServerKind;
  deflate: boolean;
  roomId: string;
  fleet: ClientFleet;
  frames: ChatFrames;
  pid: number;
}

interface Phase {
  writes: number;
  messages: number;
  cpuS: number;
  wireBytes: number;
  complete: boolean;
}

async function publishFor(nc: NatsConnection, names: Names, lane: Lane, options: Options, seconds: number): Promise<number> {
  const interval = 1000 / options.rate;
  const ticks = Math.max(1, Math.round(seconds * options.rate));
  const start = performance.now();
  for (let i = 0; i < ticks; i++) {
    await sleep(Math.max(0, start + i * interval - performance.now()));
    nc.publish(names.deliver(lane.roomId).subject, JSON.stringify(lane.frames.next(options.sockets)));
  }
  await sleep(Math.max(0, start + ticks * interval - performance.now()));
  return ticks;
}

async function awaitFrames(fleet: ClientFleet, frames: number): Promise<boolean> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if ((await fleet.stats()).frames >= frames) return true;
    await sleep(20);
  }
  return false;
}

/** Publishes to one lane for `seconds` and measures its server from the first frame until its viewers had every frame. */
async function runPhase(nc: NatsConnection, names: Names, lane: Lane, options: Options, seconds: number): Promise<Phase> {
  const before = await lane.fleet.stats();
  const cpuBefore = processCpuSeconds(lane.pid);
  const ticks = await publishFor(nc, names, lane, options, seconds);
  const writes = ticks * options.sockets;
  const complete = await awaitFrames(lane.fleet, before.frames + writes);
  const cpuS = processCpuSeconds(lane.pid) - cpuBefore;
  const after = await lane.fleet.stats();
  return { writes, messages: writes * options.messages, cpuS, wireBytes: after.wireBytes - before.wireBytes, complete: complete && after.disconnects === before.disconnects };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function summarize(phases: Phase[]) {
  const usPerMessage = phases.map((p) => (p.cpuS * 1e6) / p.messages);
  const usPerWrite = phases.map((p) => (p.cpuS * 1e6) / p.writes);
  return {
    rounds: phases.length,
    complete: phases.every((p) => p.complete),
    cpuUsPerWrite: round(median(usPerWrite), 2),
    cpuUsPerMessage: round(median(usPerMessage), 3),
    messagesPerCpuS: Math.round(1e6 / median(usPerMessage)),
    wireBytesPerMessage: round(median(phases.map((p) => p.wireBytes / p.messages)), 1),
    perRoundUsPerMessage: usPerMessage.map((v) => round(v, 3)),
  };
}

async function main(): Promise<void> {
  const options = command.opts<Options>();
  const modes = options.compression === 'both' ? [false, true] : [options.compression === 'on'];
  const profile = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
  const suite = await GatewayUnderTest.start({ FRAME_DEFLATE_LEVEL: String(options.deflateLevel), MAX_CONNECTIONS_PER_USER: '1000000' }, profile);
  const names = new Names(suite.namespace);
  const nc = await connect({ servers: suite.nats.url });
  const bares: BareServer[] = [];
  const lanes: Lane[] = [];
  try {
    for (const deflate of modes) {
      const roomId = `bench-${deflate ? 'z' : 'p'}`;
      await suite.openRoom(roomId);
      progress(`connecting ${options.sockets} viewers to the gateway (room ${roomId}, deflate ${deflate})`);
      const gatewayFleet = await ClientFleet.connect(
        { kind: 'livecast', url: suite.gateway.httpUrl, sockets: options.sockets, deflate, join: { roomId, token: tokenFor('bench-viewer', 'viewer') } },
        options.clientProcs,
      );
      lanes.push({ server: 'gateway', deflate, roomId, fleet: gatewayFleet, frames: new ChatFrames(roomId, options.messages), pid: suite.gateway.child.pid ?? 0 });
      const bareRoom = `bare-${deflate ? 'z' : 'p'}`;
      const bare = await BareServer.start(suite.nats.url, suite.namespace, bareRoom, deflate ? options.deflateLevel : 0);
      bares.push(bare);
      progress(`connecting ${options.sockets} viewers to the bare server (deflate ${deflate})`);
      const bareFleet = await ClientFleet.connect(
        { kind: 'livecast', url: bare.url, sockets: options.sockets, deflate, join: { roomId: bareRoom, token: 'unused' } },
        options.clientProcs,
      );
      lanes.push({ server: 'bare', deflate, roomId: bareRoom, fleet: bareFleet, frames: new ChatFrames(bareRoom, options.messages), pid: bare.pid });
    }
    for (const lane of lanes) await runPhase(nc, names, lane, options, 2);
    const results = new Map<Lane, Phase[]>(lanes.map((lane) => [lane, []]));
    for (let round = 1; round <= options.rounds; round++) {
      for (const lane of lanes) {
        progress(`round ${round}: ${lane.server}, deflate ${lane.deflate}`);
        results.get(lane)?.push(await runPhase(nc, names, lane, options, options.duration));
      }
    }
    const summary = Object.fromEntries(lanes.map((lane) => [`${lane.server}${lane.deflate ? 'Deflate' : 'Plain'}`, summarize(results.get(lane) ?? [])]));
    printResult({ bench: 'gateway-delivery', node: process.version, ...options, summary, ratios: ratios(summary) });
  } finally {
    for (const lane of lanes) lane.fleet.close();
    for (const bare of bares) bare.stop();
    await nc.close();
    await suite.stop();
  }
}

type Summary = Record<string, ReturnType<typeof summarize>>;

/** The gateway against the limit (messages per CPU second), and compression against plain frames. */
function ratios(s: Summary) {
  const of = (a?: { messagesPerCpuS: number }, b?: { messagesPerCpuS: number }) => (a && b ? round(a.messagesPerCpuS / b.messagesPerCpuS, 3) : null);
  return {
    gatewayOfBarePlain: of(s.gatewayPlain, s.barePlain),
    gatewayOfBareDeflate: of(s.gatewayDeflate, s.bareDeflate),
    deflateWireBytesOfPlain: s.gatewayDeflate && s.gatewayPlain ? round(s.gatewayDeflate.wireBytesPerMessage / s.gatewayPlain.wireBytesPerMessage, 3) : null,
    deflateCpuPerMessageOfPlain: s.gatewayDeflate && s.gatewayPlain ? round(s.gatewayDeflate.cpuUsPerMessage / s.gatewayPlain.cpuUsPerMessage, 3) : null,
  };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
