import { mintToken } from '@livecast/auth';
import { partitionOf, type Role } from '@livecast/contracts';
import { DeliveryLedger, faultViolations, renderFaultTable, type FaultRow } from '@livecast/stack-runner';
import type { NatsConnection } from 'nats';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAULT_SUITE, FaultStack } from './support/fault-stack';
import { ObservedViewer } from './support/observed-viewer';
import { SteadySender, type SendStats } from './support/steady-sender';

const HEARTBEAT_MS = 1000;
const LIMITS = { maxStallMs: 5000, maxOnlineConvergeMs: 3 * HEARTBEAT_MS };
const PARTITIONS = 4;
/** Service settings: R3 everywhere, and timings short enough to observe within the suite's 5 minutes. */
const ENV: Record<string, string> = {
  LOG_LEVEL: 'info',
  PARTITIONS: String(PARTITIONS),
  STREAM_REPLICAS: '3',
  KV_REPLICAS: '3',
  PRESENCE_HEARTBEAT_MS: String(HEARTBEAT_MS),
  PRESENCE_DELTA_MS: '100',
  ONLINE_PUBLISH_MS: '200',
  LEASE_TTL_MS: '1500',
  LEASE_RENEW_MS: '300',
  INTEREST_LINGER_MS: '300',
  SHUTDOWN_GRACE_MS: '2000',
  INGEST_TIMEOUT_MS: '2000',
  RATE_STAFF_RATE: '1000',
  RATE_STAFF_BURST: '1000',
  RATE_ROOM_RATE: '1000',
  RATE_ROOM_BURST: '1000',
};
const SEND_EVERY_MS = 150;
const VIEWERS_PER_GATEWAY = 2;
const root = join(__dirname, '..', '..');

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 100 ms until it holds or `timeoutMs` passed; returns whether it held. */
async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await Promise.resolve().then(check).catch(() => false)) return true;
    await sleep(100);
  }
  return false;
}

describe('faults: a 3-node NATS cluster, the suite at R3, one fault at a time', () => {
  let stack: FaultStack;
  let nc: NatsConnection;
  let sender: SteadySender;
  const viewers: ObservedViewer[] = [];
  const rows: FaultRow[] = [];
  let roomId: string;
  let adminToken: string;
  const token = (sub: string, role: Role = 'viewer') => mintToken(stack.jwtSecret, { sub, role });

  beforeAll(async () => {
    stack = await FaultStack.start(ENV, join(root, 'tmp', 'fault-logs', `run-${Date.now().toString(36)}`));
    nc = await stack.connectOperator();
    adminToken = token('admin-1', 'admin');
    roomId = `faults-${Date.now().toString(36)}`;
    const opened = await fetch(`${stack.membershipUrl}/rooms`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token('host-1', 'host')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: roomId, title: 'Fault room' }),
    });
    if (opened.status !== 201) throw new Error(`open room: ${opened.status} ${await opened.text()}`);
    const urls = stack.gatewayUrls();
    for (const [g, own] of urls.entries()) {
      const list = [own, ...urls.filter((u) => u !== own)];
      for (let i = 0; i < VIEWERS_PER_GATEWAY; i++) viewers.push(new ObservedViewer(`gw${g + 1}-viewer${i + 1}`, list, token(`viewer-${g}-${i}`)));
    }
    await Promise.all(viewers.map((v) => v.join(roomId)));
    sender = new SteadySender({ urls, token: token('host-1', 'host'), roomId, everyMs: SEND_EVERY_MS, ackTimeoutMs: 4000, giveUpAfterMs: 20_000 });
    sender.start();
    await sleep(1000);
  }, 90_000);

  afterAll(async () => {
    await sender?.stop();
    viewers.forEach((v) => v.close());
    await nc?.close();
    await stack?.stop();
    const table = renderFaultTable(rows, LIMITS);
    mkdirSync(join(root, 'tmp'), { recursive: true });
    writeFileSync(join(root, 'tmp', 'faults-table.md'), `${table}\n`);
    writeFileSync(join(root, 'tmp', 'faults-detail.json'), JSON.stringify(rows, null, 1));
    process.stdout.write(`\nfault suite (3 nats nodes, R3; ${viewers.length} SDK viewers on 2 gateways; a send every ${SEND_EVERY_MS} ms)\n${table}\n\n`);
  }, 90_000);

  /** Everyone in the room: the SDK viewers and the sender. */
  const expectedOnline = () => viewers.length + 1;

  /** The counts every viewer shows and membership reports, e.g. `viewers 5,5,5,4; membership 5`. */
  async function onlineCounts(): Promise<{ converged: boolean; seen: string }> {
    const shown = viewers.map((v) => v.room.snapshot.online);
    const reported = await fetch(`${stack.membershipUrl}/rooms/${roomId}`, { headers: { authorization: `Bearer ${adminToken}` }, signal: AbortSignal.timeout(1000) })
      .then(async (r) => ((await r.json()) as { online?: number }).online)
      .catch(() => undefined);
    const converged = reported === expectedOnline() && shown.every((n) => n === expectedOnline());
    return { converged, seen: `viewers ${shown.join(',')}; membership ${reported ?? 'unreachable'} (expected ${expectedOnline()})` };
  }

  /** Acked seqs the stream does not hold, read through any node that answers; what cannot be read within 15 s counts as missing. */
  async function missingFromHistory(seqs: number[]): Promise<number> {
    const deadline = Date.now() + 15_000;
    const jsm = await nc.jetstreamManager({ timeout: 2000 });
    let missing = 0;
    for (const seq of seqs) {
      let found = false;
      while (!found && Date.now() < deadline) {
        found = await jsm.streams.getMessage(stack.names.streamMessages, { seq }).then(
          (m) => m.subject.endsWith(`.${roomId}`),
          () => false,
        );
        if (!found) await sleep(200);
      }
      if (!found) missing++;
    }
    return missing;
  }

  /**
   * Runs one fault under the steady traffic: `inject` breaks something and repairs it,
   * resolving when the repair is done. Then the counts must converge, every client must
   * have shown what was acked, and the row goes into the table.
   */
  async function runFault(fault: string, inject: () => Promise<void>): Promise<void> {
    const ledger = new DeliveryLedger(
      viewers.map((v) => v.name),
      Date.now(),
    );
    const acked: number[] = [];
    const before: SendStats = { ...sender.stats, untyped: [...sender.stats.untyped] };
    const crashesBefore = stack.crashes.length;
    const endingsBefore = viewers.map((v) => v.endings.length);
    viewers.forEach((v) => (v.ledger = ledger));
    sender.onAck = (seq, at) => {
      acked.push(seq);
      ledger.acked(seq, at);
    };
    await inject();
    const healedAt = Date.now();
    let onlineSeen = '';
    const converged = await until(async () => {
      const counts = await onlineCounts();
      onlineSeen = counts.seen;
      return counts.converged;
    }, 8000);
    const onlineConvergedMs = converged ? Date.now() - healedAt : undefined;
    // Steady traffic after the repair, then the sender's acks stop counting and the viewers catch up.
    await sleep(Math.max(0, 1500 - (Date.now() - healedAt)));
    sender.onAck = () => undefined;
    ledger.close(Date.now());
    await until(() => ledger.settled(), 8000);
    const row: FaultRow = {
      fault,
      ledger: ledger.outcome(Date.now()),
      missingFromHistory: await missingFromHistory(acked),
      retries: sender.stats.retries - before.retries,
      retriesDeduplicated: sender.stats.retriesDeduplicated - before.retriesDeduplicated,
      untypedFailures: sender.stats.untyped.slice(before.untyped.length),
      crashes: stack.crashes.slice(crashesBefore),
      sessionsEnded: viewers.flatMap((v, i) => v.endings.slice(endingsBefore[i])),
      onlineConvergedMs,
      onlineSeen: converged ? undefined : onlineSeen,
    };
    rows.push(row);
    // The next fault starts from a whole suite, as an orchestrator would restore it.
    await stack.restartCrashed();
    await Promise.race([Promise.all(viewers.map((v) => v.rejoin().catch(() => undefined))), sleep(10_000)]);
    expect(faultViolations(row, LIMITS)).toEqual([]);
  }

  for (const index of [0, 1, 2]) {
    it(`kill -9 of NATS node n${index + 1}, restarted on its store`, async () => {
      await runFault(`kill -9 nats n${index + 1}`, async () => {
        await stack.cluster.kill(index);
        await sleep(4000);
        await stack.cluster.restart(index);
      });
    }, 90_000);
  }

  it('a 10 s SIGSTOP/SIGCONT of the node most services are connected to', async () => {
    const nodes = await stack.cluster.usersByNode();
    const serviceUsers = (users: string[]) => users.filter((u) => u !== stack.cluster.credentials.operator.user).length;
    const busiest = nodes.reduce((a, b) => (serviceUsers(b.users) > serviceUsers(a.users) ? b : a));
    await runFault(`SIGSTOP 10 s nats ${busiest.name} (${serviceUsers(busiest.users)} of 7 services)`, async () => {
      stack.cluster.pause(busiest.index);
      await sleep(10_000);
      stack.cluster.resume(busiest.index);
      await stack.cluster.waitHealthy(busiest.index);
    });
  }, 90_000);

  it('kill -9 of the fan-out that owns the room', async () => {
    const kv = await nc.jetstream().views.kv(stack.names.bucketLeases);
    const lease = await kv.get(stack.names.leaseKey(partitionOf(roomId, PARTITIONS)));
    const owner = (lease?.json() as { owner?: string } | undefined)?.owner;
    expect(stack.instancesOf('fanout')).toContain(owner);
    await runFault(`kill -9 fanout owner (${owner})`, async () => {
      await stack.kill(owner as string);
      await sleep(4000);
      await stack.startMember(owner as string);
    });
  }, 90_000);

  it('kill -9 of an ingest replica', async () => {
    await runFault('kill -9 ingest-1', async () => {
      await stack.kill('ingest-1');
      await sleep(3000);
      await stack.startMember('ingest-1');
    });
  }, 90_000);

  it('kill -9 of a gateway: its viewers move to the other through the SDK', async () => {
    const [first, second] = stack.gatewayUrls();
    await runFault('kill -9 gateway-1', async () => {
      await stack.kill('gateway-1');
      // Restarted (as an orchestrator would) once its viewers are on the other gateway, or after the bound.
      await until(() => viewers.every((v) => v.gateway === second && v.room.state === 'joined'), 10_000);
      await stack.startMember('gateway-1');
    });
    expect(viewers.filter((v) => v.gateway === first)).toEqual([]);
  }, 90_000);

  it('kill -9 of membership', async () => {
    await runFault('kill -9 membership', async () => {
      await stack.kill('membership-1');
      await sleep(3000);
      await stack.startMember('membership-1');
    });
  }, 90_000);

  it('a rolling SIGTERM restart of every service', async () => {
    await runFault('rolling SIGTERM restart (7 services)', async () => {
      for (const [, name] of FAULT_SUITE) {
        await stack.terminate(name);
        await stack.startMember(name);
      }
    });
  }, 180_000);
});
