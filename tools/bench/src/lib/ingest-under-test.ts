import { Names } from '@livecast/contracts';
import { findNatsServer, startNatsServer, startProcess, type NatsHandle, type ServiceProcess } from '@livecast/stack-runner';
import { join } from 'node:path';
import { processCpuSeconds, tokenFor, BENCH_SECRET } from './delivery-servers';

/** Ports of an ingest bench run: NATS client and monitoring, membership, ingest. */
export interface IngestBenchPorts {
  nats: number;
  natsMonitor: number;
  membership: number;
  ingest: number;
}

/** What nats-server did, from its monitoring endpoint, at one moment. */
export interface ServerCounters {
  /** Messages the ingest connection published (appends, KV operations, JetStream API calls, replies). */
  ingestPublished: number;
  /** Messages delivered to the ingest connection (requests, publish acks, KV replies, watch updates). */
  ingestReceived: number;
  /** JetStream API requests of the whole server (stream/consumer info, KV reads that are not direct gets, …). */
  jsApiRequests: number;
  /** Messages ever stored in the message stream (its last sequence). */
  appends: number;
  /** Writes ever stored in the rate-limit bucket (its stream's last sequence). */
  kvWrites: number;
}

interface ConnzReply {
  connections: { name?: string; in_msgs: number; out_msgs: number }[];
}

interface JszReply {
  api?: { total: number };
  account_details?: { stream_detail?: { name: string; state: { last_seq: number } }[] }[];
}

/**
 * A private nats-server (with monitoring), membership (it creates the buckets and opens
 * rooms) and one ingest, for benchmarks that drive `ingest.<room>` requests directly.
 * The server runs without per-service users: the bench's driver publishes requests as a
 * gateway would.
 */
export class IngestUnderTest {
  readonly names: Names;

  private constructor(
    readonly nats: NatsHandle,
    readonly namespace: string,
    private readonly ports: IngestBenchPorts,
    private readonly membership: ServiceProcess,
    readonly ingest: ServiceProcess,
  ) {
    this.names = new Names(namespace);
  }

  /** `env` goes to ingest (limits); `ingestNodeArgs` to its node (e.g. `--cpu-prof`). */
  static async start(ports: IngestBenchPorts, env: Record<string, string>, ingestNodeArgs: readonly string[] = []): Promise<IngestUnderTest> {
    const binary = findNatsServer();
    if (!binary) throw new Error('the ingest bench needs a nats-server binary on PATH');
    const nats = await startNatsServer(binary, { port: ports.nats, monitorPort: ports.natsMonitor });
    const namespace = `bi${Date.now().toString(36)}`;
    const shared = { NATS_URL: nats.url, NATS_NAMESPACE: namespace, JWT_SECRET: BENCH_SECRET, LOG_LEVEL: 'warn' };
    const quiet = () => undefined;
    const started: ServiceProcess[] = [];
    const start = async (app: 'ingest' | 'membership', portVar: string, port: number, extra: Record<string, string>, nodeArgs: readonly string[]) => {
      const args = [...nodeArgs, '-r', '@swc-node/register', join('apps', app, 'src', 'main.ts')];
      const env = { ...shared, ...extra, [portVar]: String(port), INSTANCE_ID: `bench-${app}` };
      const service = await startProcess({ name: `bench-${app}`, args, env, port }, quiet);
      started.push(service);
      return service;
    };
    try {
      // Membership first: it creates the buckets ingest may only read.
      const membership = await start('membership', 'MEMBERSHIP_PORT', ports.membership, {}, []);
      const ingest = await start('ingest', 'INGEST_PORT', ports.ingest, env, ingestNodeArgs);
      return new IngestUnderTest(nats, namespace, ports, membership, ingest);
    } catch (err) {
      await Promise.all(started.map((s) => s.stop()));
      await nats.stop();
      throw err;
    }
  }

  get ingestPid(): number {
    return this.ingest.child.pid ?? 0;
  }

  get natsPid(): number {
    return this.nats.pid ?? 0;
  }

  ingestCpuSeconds(): number {
    return processCpuSeconds(this.ingestPid);
  }

  natsCpuSeconds(): number {
    return processCpuSeconds(this.natsPid);
  }

  async openRoom(roomId: string): Promise<void> {
    const response = await fetch(`${this.membership.httpUrl}/rooms`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokenFor('bench-admin', 'admin')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: roomId, title: roomId }),
    });
    if (!response.ok) throw new Error(`opening room ${roomId}: ${response.status} ${await response.text()}`);
  }

  /** The server's counters now; the ingest connection is found by its name (its INSTANCE_ID). */
  async counters(): Promise<ServerCounters> {
    const base = `http://127.0.0.1:${this.ports.natsMonitor}`;
    const [connz, jsz] = await Promise.all([
      fetch(`${base}/connz?limit=1024`).then((r) => r.json() as Promise<ConnzReply>),
      fetch(`${base}/jsz?streams=true`).then((r) => r.json() as Promise<JszReply>),
    ]);
    const ingest = connz.connections.filter((c) => c.name?.includes('bench-ingest'));
    const streams = (jsz.account_details ?? []).flatMap((a) => a.stream_detail ?? []);
    const lastSeq = (name: string) => streams.find((s) => s.name === name)?.state.last_seq ?? 0;
    return {
      ingestPublished: ingest.reduce((sum, c) => sum + c.in_msgs, 0),
      ingestReceived: ingest.reduce((sum, c) => sum + c.out_msgs, 0),
      jsApiRequests: jsz.api?.total ?? 0,
      appends: lastSeq(this.names.streamMessages),
      kvWrites: lastSeq(`KV_${this.names.bucketRateLimits}`),
    };
  }

  async stop(): Promise<void> {
    await this.ingest.stop();
    await this.membership.stop();
    await this.nats.stop();
  }
}
