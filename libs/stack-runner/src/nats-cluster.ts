import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BusCredentials } from './bus-credentials';
import { renderClusterNodeConfig, type NatsClusterNodeConfig } from './nats-config';
import { freePorts, isReachable, stopChild, type NatsHandle } from './nats-server';

/** How a cluster is laid out and watched. */
export interface NatsClusterOptions {
  /** Nodes, 1 to 5 (default 3: the smallest that keeps quorum with one node down). */
  size?: number;
  /** Users and permissions of every service (and the operator), written into every node's config. */
  credentials: BusCredentials;
  /** Where each node's log goes (`<dir>/<node>.log`, appended across restarts); absent: kept in memory only. */
  logDir?: string;
  /** Bound of every wait (start, restart, meta leader), in ms (default 15000). */
  timeoutMs?: number;
}

/** What a test sees of one node. */
export interface ClusterNodeInfo {
  name: string;
  /** Its client URL. */
  url: string;
  state: 'running' | 'paused' | 'killed';
  pid?: number;
}

/** The part of a node's `/jsz` answer that names the JetStream meta leader. */
export interface JszReply {
  meta_cluster?: { leader?: string; cluster_size?: number };
}

/** The meta leader a `/jsz` reply names, if it is one of `running` (a dead node's name can linger in a stale reply). */
export function metaLeaderOf(reply: JszReply, running: readonly string[]): string | undefined {
  const leader = reply.meta_cluster?.leader;
  return leader && running.includes(leader) ? leader : undefined;
}

/** What one node holds of a stream (`/jsz?accounts=true&streams=true`): its replica's state and who it thinks leads. */
export interface StreamReplicaState {
  node: string;
  leader?: string;
  messages: number;
  firstSeq: number;
  lastSeq: number;
  deleted: number;
}

interface JszStreamsReply {
  account_details?: { stream_detail?: { name: string; cluster?: { leader?: string }; state: { messages: number; first_seq: number; last_seq: number; num_deleted?: number } }[] }[];
}

/** A node's `/healthz` answer: 200 with status ok, else 503 with the first thing it found not current. */
export interface HealthzReply {
  status?: string;
  error?: string;
}

/**
 * Whether a failing `/healthz` names only a durable consumer's replica as behind (text of
 * nats-server 2.9: "JetStream consumer '<account> > <stream> > <name>' is not current").
 * 2.9.10 was seen to keep a restarted node's replica of a quiet consumer behind for over
 * a minute while its streams were whole: that node serves, so a restart need not wait.
 */
export function onlyConsumerBehind(reply: HealthzReply): boolean {
  return /^JetStream consumer '.+' is not current$/.test(reply.error ?? '');
}

/** The part of a node's `/connz?auth=true` answer the launcher reads. */
interface ConnzReply {
  connections?: { authorized_user?: string }[];
}

const MAX_NODES = 5;
const POLL_MS = 100;
/** How long a restarted node may report only a consumer replica behind before it counts as rejoined (see onlyConsumerBehind). */
const CONSUMER_CATCH_UP_GRACE_MS = 10_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One nats-server process of the cluster, restartable on the same ports and store. */
class ClusterNode {
  private child?: ChildProcess;
  private paused = false;
  private stderr = '';
  private readonly reloads: (() => void)[] = [];
  private readonly log?: WriteStream;

  constructor(
    private readonly binary: string,
    readonly config: NatsClusterNodeConfig,
    private readonly configFile: string,
    logDir: string | undefined,
  ) {
    if (logDir) this.log = createWriteStream(join(logDir, `${config.serverName}.log`), { flags: 'a' });
  }

  get url(): string {
    return `nats://${this.config.host}:${this.config.port}`;
  }

  get info(): ClusterNodeInfo {
    const alive = this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
    return { name: this.config.serverName, url: this.url, state: !alive ? 'killed' : this.paused ? 'paused' : 'running', pid: alive ? this.child?.pid : undefined };
  }

  writeConfig(config: NatsClusterNodeConfig): void {
    writeFileSync(this.configFile, renderClusterNodeConfig(config), { mode: 0o600 });
  }

  /** Spawns the server on its config (the store survives earlier runs) and waits until clients can connect. */
  async start(timeoutMs: number): Promise<void> {
    const child = spawn(this.binary, ['-c', this.configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    this.paused = false;
    // A run that ends without stopping the cluster must not leave servers behind.
    const orphanGuard = () => child.kill('SIGKILL');
    process.once('exit', orphanGuard);
    child.once('exit', () => process.removeListener('exit', orphanGuard));
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      // The child's last output can arrive after stop() closed the log: it is dropped, not written after the end.
      if (this.log && !this.log.writableEnded) this.log.write(text);
      this.stderr = (this.stderr + text).slice(-4000);
      if (text.includes('Reloaded server configuration')) this.reloads.splice(0).forEach((done) => done());
    });
    const deadline = Date.now() + timeoutMs;
    while (!(await isReachable(this.url, 200))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`nats node ${this.config.serverName} did not start on ${this.url}:\n${this.stderr}`);
      }
      await sleep(POLL_MS);
    }
  }

  async kill(timeoutMs: number): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await withTimeout(exited, timeoutMs, `nats node ${this.config.serverName} did not exit after SIGKILL`);
  }

  signal(signal: 'SIGSTOP' | 'SIGCONT'): void {
    if (!this.child || this.info.state === 'killed') throw new Error(`nats node ${this.config.serverName} is not running`);
    this.child.kill(signal);
    this.paused = signal === 'SIGSTOP';
  }

  /** Re-reads the config (new users) without a restart. */
  async reload(timeoutMs: number): Promise<void> {
    if (this.info.state !== 'running') return;
    const reloaded = new Promise<void>((resolve) => this.reloads.push(resolve));
    this.child?.kill('SIGHUP');
    await withTimeout(reloaded, timeoutMs, `nats node ${this.config.serverName} did not reload:\n${this.stderr}`);
  }

  /** Fetches a monitoring endpoint; undefined while the node does not answer (killed, paused, starting). */
  async monitor<T>(path: string): Promise<{ status: number; body: T } | undefined> {
    try {
      const response = await fetch(`http://${this.config.host}:${this.config.httpPort}${path}`, { signal: AbortSignal.timeout(1000) });
      return { status: response.status, body: (await response.json()) as T };
    } catch {
      return undefined;
    }
  }

  async stop(): Promise<void> {
    if (this.child && this.paused) this.signal('SIGCONT');
    if (this.child) await stopChild(this.child, 3000);
    this.log?.end();
  }
}

/**
 * A JetStream cluster of `nats-server` processes on loopback with temporary stores, every
 * node with the suite's users and permissions, for fault tests: a node can be killed
 * (SIGKILL), paused (SIGSTOP) and resumed, and restarted on its own ports and store.
 * Every wait is bounded by `timeoutMs`.
 */
export class NatsCluster {
  private constructor(
    private readonly members: ClusterNode[],
    private readonly dir: string,
    private readonly timeoutMs: number,
    readonly credentials: BusCredentials,
  ) {}

  /** Starts every node and resolves once JetStream has a meta leader and every node is healthy. */
  static async start(binary: string, options: NatsClusterOptions): Promise<NatsCluster> {
    const size = options.size ?? 3;
    if (!Number.isInteger(size) || size < 1 || size > MAX_NODES) throw new Error(`cluster size must be an integer in [1, ${MAX_NODES}]`);
    const timeoutMs = options.timeoutMs ?? 15_000;
    const dir = mkdtempSync(join(tmpdir(), 'livecast-nats-cluster-'));
    if (options.logDir) mkdirSync(options.logDir, { recursive: true });
    const free = await freePorts(3 * size);
    const ports = Array.from({ length: size }, (_, i) => ({ client: free[3 * i], route: free[3 * i + 1], http: free[3 * i + 2] }));
    const routeLogin = { user: 'route', password: randomBytes(18).toString('base64url') };
    const members = ports.map((p, i) => {
      const serverName = `n${i + 1}`;
      const config: NatsClusterNodeConfig = {
        serverName,
        clusterName: 'livecast',
        host: '127.0.0.1',
        port: p.client,
        clusterPort: p.route,
        httpPort: p.http,
        routePorts: ports.map((q) => q.route),
        routeLogin,
        storeDir: join(dir, serverName),
        users: options.credentials.users(),
      };
      const node = new ClusterNode(binary, config, join(dir, `${serverName}.conf`), options.logDir);
      node.writeConfig(config);
      return node;
    });
    const cluster = new NatsCluster(members, dir, timeoutMs, options.credentials);
    try {
      await Promise.all(members.map((node) => node.start(timeoutMs)));
      await cluster.waitForMetaLeader();
      await Promise.all(members.map((_, i) => cluster.waitHealthy(i)));
    } catch (err) {
      await cluster.stop();
      throw err;
    }
    return cluster;
  }

  /** Every node's client URL, comma-separated: what the services get as NATS_URL. */
  get url(): string {
    return this.members.map((node) => node.url).join(',');
  }

  get nodes(): ClusterNodeInfo[] {
    return this.members.map((node) => node.info);
  }

  /** The index of the node listening on `port` (e.g. the one a service reports it is connected to). */
  indexOfPort(port: number): number {
    return this.members.findIndex((node) => node.config.port === port);
  }

  kill(index: number): Promise<void> {
    return this.node(index).kill(this.timeoutMs);
  }

  pause(index: number): void {
    this.node(index).signal('SIGSTOP');
  }

  resume(index: number): void {
    this.node(index).signal('SIGCONT');
  }

  /**
   * Starts a killed node again on its ports and store; resolves once it has rejoined (see
   * waitHealthy) with what was still behind then, if anything.
   */
  async restart(index: number): Promise<string | undefined> {
    const node = this.node(index);
    if (node.info.state !== 'killed') throw new Error(`nats node ${node.info.name} is still running: kill it first`);
    await node.start(this.timeoutMs);
    return this.waitHealthy(index);
  }

  /** Resolves with the meta leader's name once a running node names a running leader. */
  async waitForMetaLeader(): Promise<string> {
    const deadline = Date.now() + this.timeoutMs;
    while (Date.now() < deadline) {
      const running = this.nodes.filter((n) => n.state === 'running').map((n) => n.name);
      for (const node of this.members.filter((n) => n.info.state === 'running')) {
        const reply = await node.monitor<JszReply>('/jsz');
        const leader = reply && metaLeaderOf(reply.body, running);
        if (leader) return leader;
      }
      await sleep(POLL_MS);
    }
    throw new Error(`no JetStream meta leader within ${this.timeoutMs} ms`);
  }

  /**
   * Resolves once the node's `/healthz` answers 200 (JetStream enabled, every stream and
   * consumer replica current): undefined. A node that is current with the meta leader
   * (`?js-server-only`) but for 10 s reports only a consumer replica behind counts as
   * rejoined too: resolves with the health error, for the caller to note.
   */
  async waitHealthy(index: number): Promise<string | undefined> {
    const node = this.node(index);
    const deadline = Date.now() + this.timeoutMs;
    let consumerBehindSince: number | undefined;
    let last = 'no answer';
    while (Date.now() < deadline) {
      const health = await node.monitor<HealthzReply>('/healthz');
      if (health?.status === 200) return undefined;
      last = health?.body.error ?? last;
      const serverCurrent = health && onlyConsumerBehind(health.body) && (await node.monitor('/healthz?js-server-only=true'))?.status === 200;
      if (!serverCurrent) consumerBehindSince = undefined;
      else if ((consumerBehindSince ??= Date.now()) + CONSUMER_CATCH_UP_GRACE_MS <= Date.now()) return last;
      await sleep(POLL_MS);
    }
    throw new Error(`nats node ${node.info.name} not healthy within ${this.timeoutMs} ms (${last})`);
  }

  /** The NATS users connected to each running node (`/connz`), e.g. to find the node most services are on. */
  async usersByNode(): Promise<{ index: number; name: string; users: string[] }[]> {
    return Promise.all(
      this.members.map(async (node, index) => {
        const reply = node.info.state === 'running' ? await node.monitor<ConnzReply>('/connz?auth=true&limit=4096') : undefined;
        return { index, name: node.info.name, users: (reply?.body.connections ?? []).map((c) => c.authorized_user ?? '') };
      }),
    );
  }

  /**
   * Each running node's replica of `stream` as that node reports it. Replicas that agree on
   * the leader but not on `lastSeq`/`messages` once writes stopped have diverged (a
   * nats-server fault, not a lagging follower).
   */
  async streamReplicas(stream: string): Promise<StreamReplicaState[]> {
    const states = await Promise.all(
      this.members.map(async (node): Promise<StreamReplicaState | undefined> => {
        const reply = node.info.state === 'running' ? await node.monitor<JszStreamsReply>('/jsz?accounts=true&streams=true') : undefined;
        const detail = reply?.body.account_details?.flatMap((a) => a.stream_detail ?? []).find((d) => d.name === stream);
        if (!detail) return undefined;
        const { messages, first_seq, last_seq, num_deleted } = detail.state;
        return { node: node.info.name, leader: detail.cluster?.leader, messages, firstSeq: first_seq, lastSeq: last_seq, deleted: num_deleted ?? 0 };
      }),
    );
    return states.filter((state): state is StreamReplicaState => state !== undefined);
  }

  /** Rewrites every node's users from the credentials (after `addGateway`) and reloads the running ones. */
  async reload(): Promise<void> {
    for (const node of this.members) node.writeConfig({ ...node.config, users: this.credentials.users() });
    await Promise.all(this.members.map((node) => node.reload(this.timeoutMs)));
  }

  /** The cluster as the stack runner takes a NATS. */
  handle(): NatsHandle {
    return { url: this.url, owned: true, credentials: this.credentials, reload: () => this.reload(), stop: () => this.stop() };
  }

  /** Stops every node (paused ones are resumed first) and removes the stores. */
  async stop(): Promise<void> {
    await Promise.allSettled(this.members.map((node) => node.stop()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private node(index: number): ClusterNode {
    const node = this.members[index];
    if (!node) throw new RangeError(`no nats node ${index}: the cluster has ${this.members.length}`);
    return node;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
