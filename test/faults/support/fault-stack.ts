import { Names } from '@livecast/contracts';
import { BusCredentials, findNatsServer, freePorts, instanceEnv, NatsCluster, startService, type AppName, type ServiceProcess } from '@livecast/stack-runner';
import { connect, type NatsConnection } from 'nats';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';

/** One service instance of the fault suite: its app, id and port survive restarts. */
interface Member {
  app: AppName;
  name: string;
  portVar: string;
  port: number;
  process?: ServiceProcess;
  /** Set while the suite itself is stopping or killing it: any other exit is a crash. */
  ending?: boolean;
}

const PORT_VAR: Record<AppName, string> = { membership: 'MEMBERSHIP_PORT', ingest: 'INGEST_PORT', fanout: 'FANOUT_PORT', gateway: 'GATEWAY_PORT' };

/** The suite the fault specs run: membership, 2 ingest, 2 fan-out, 2 gateways, in the order the stack starts them. */
export const FAULT_SUITE: readonly [AppName, string][] = [
  ['membership', 'membership-1'],
  ['ingest', 'ingest-1'],
  ['ingest', 'ingest-2'],
  ['fanout', 'fanout-1'],
  ['fanout', 'fanout-2'],
  ['gateway', 'gateway-1'],
  ['gateway', 'gateway-2'],
];

/**
 * A 3-node NATS cluster and the suite on it with R3 streams and buckets, every service on
 * its own NATS user, each service a process of its own that a spec can kill, stop and
 * start again on the same port and identity. Logs go to `logDir`.
 */
export class FaultStack {
  readonly names: Names;
  readonly jwtSecret = 'fault-suite-secret-0123456789abcdef';
  private readonly members = new Map<string, Member>();
  private readonly logs = new Map<string, WriteStream>();
  /** Services that exited by themselves, with how: a service must heal, not die. */
  readonly crashes: string[] = [];

  private constructor(
    readonly namespace: string,
    readonly cluster: NatsCluster,
    private readonly env: Record<string, string>,
    readonly logDir: string,
  ) {
    this.names = new Names(namespace);
  }

  static async start(env: Record<string, string>, logDir: string): Promise<FaultStack> {
    const binary = findNatsServer();
    if (!binary) throw new Error('the fault suite needs a nats-server binary (apt-get install nats-server, or NATS_SERVER_BIN)');
    mkdirSync(logDir, { recursive: true });
    const namespace = `f${Date.now().toString(36)}`;
    const gateways = FAULT_SUITE.filter(([app]) => app === 'gateway').map(([, name]) => name);
    const credentials = new BusCredentials(new Names(namespace), Number(env.PARTITIONS), gateways);
    // A restarted node's consumer replicas were seen 'not current' for over 15 s on this 2-core machine: waits get 45 s.
    const cluster = await NatsCluster.start(binary, { credentials, logDir, timeoutMs: 45_000 });
    const stack = new FaultStack(namespace, cluster, env, logDir);
    try {
      const ports = await freePorts(FAULT_SUITE.length);
      FAULT_SUITE.forEach(([app, name], i) => stack.members.set(name, { app, name, portVar: PORT_VAR[app], port: ports[i] }));
      // Membership creates the buckets, the first ingest the stream; the rest bind to them side by side.
      await stack.startMember('membership-1');
      await stack.startMember('ingest-1');
      await stack.startAll(FAULT_SUITE.filter(([app, name]) => (app === 'ingest' || app === 'fanout') && name !== 'ingest-1').map(([, name]) => name));
      await stack.startAll(gateways);
    } catch (err) {
      await stack.stop();
      throw err;
    }
    return stack;
  }

  /** A running service, by instance id. */
  service(name: string): ServiceProcess {
    const process = this.member(name).process;
    if (!process) throw new Error(`${name} is not running`);
    return process;
  }

  /** Names of the running instances of `app`. */
  instancesOf(app: AppName): string[] {
    return [...this.members.values()].filter((m) => m.app === app && m.process).map((m) => m.name);
  }

  gatewayUrls(): string[] {
    return FAULT_SUITE.filter(([app]) => app === 'gateway').map(([, name]) => `http://127.0.0.1:${this.member(name).port}`);
  }

  get membershipUrl(): string {
    return `http://127.0.0.1:${this.member('membership-1').port}`;
  }

  /** SIGKILL; resolves once the process is gone (at once when it already crashed). */
  async kill(name: string): Promise<void> {
    const member = this.member(name);
    const process = member.process;
    member.ending = true;
    if (process && process.child.exitCode === null && process.child.signalCode === null) {
      const exited = new Promise((resolve) => process.child.once('exit', resolve));
      process.kill();
      await exited;
    }
    member.process = undefined;
  }

  /** SIGTERM and wait (the service drains); then it is down until `startMember`. */
  async terminate(name: string): Promise<void> {
    const member = this.member(name);
    member.ending = true;
    await member.process?.stop(15_000);
    member.process = undefined;
  }

  /** Starts every service that crashed, as an orchestrator would; returns their names. */
  async restartCrashed(): Promise<string[]> {
    const crashed = [...this.members.values()].filter((m) => m.process && (m.process.child.exitCode !== null || m.process.child.signalCode !== null));
    for (const member of crashed) {
      member.process = undefined;
      await this.startMember(member.name);
    }
    return crashed.map((m) => m.name);
  }

  /** Starts an instance that is down, on its port and identity; resolves once it is ready. */
  async startMember(name: string): Promise<ServiceProcess> {
    const member = this.member(name);
    if (member.process) throw new Error(`${name} is already running`);
    const options = { natsUrl: this.cluster.url, namespace: this.namespace, jwtSecret: this.jwtSecret, credentials: this.cluster.credentials, env: this.env };
    const env = { ...instanceEnv(options, member.app, name), [member.portVar]: String(member.port) };
    const process = await startService(member.app, name, env, member.port, (service, line) => this.log(service, line), { readyTimeoutMs: 30_000 });
    member.process = process;
    member.ending = false;
    process.child.once('exit', (code, signal) => {
      if (!member.ending) this.crashes.push(`${name} exited by itself (${signal ?? `code ${code}`}) at ${new Date().toISOString()}`);
    });
    return process;
  }

  /** Starts instances side by side; when one fails, waits for the others (so none is left unregistered) and rethrows. */
  private async startAll(names: string[]): Promise<void> {
    const results = await Promise.allSettled(names.map((name) => this.startMember(name)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** A raw connection with full access, to read the stream and the leases. */
  connectOperator(): Promise<NatsConnection> {
    const { user, password } = this.cluster.credentials.operator;
    return connect({ servers: this.cluster.url.split(','), user, pass: password, reconnectTimeWait: 250, maxReconnectAttempts: -1 });
  }

  /** Whether a fresh client's JetStream API answers (account info) within 2 s: the cluster itself serves, whatever the services do. */
  async jetStreamAnswers(): Promise<boolean> {
    const nc = await this.connectOperator().catch(() => undefined);
    if (!nc) return false;
    try {
      const jsm = await nc.jetstreamManager({ timeout: 2000, checkAPI: false });
      return await jsm.getAccountInfo().then(
        () => true,
        () => false,
      );
    } finally {
      await nc.close();
    }
  }

  async stop(): Promise<void> {
    try {
      const running = [...this.members.values()].filter((m) => m.process);
      // Gateways first, as the stack stops them: their viewers leave before the back end goes.
      running.sort((a, b) => Number(b.app === 'gateway') - Number(a.app === 'gateway'));
      for (const m of running) m.ending = true;
      await Promise.allSettled(running.map((m) => m.process?.stop(3000)));
    } finally {
      await this.cluster.stop();
      for (const log of this.logs.values()) log.end();
    }
  }

  private member(name: string): Member {
    const member = this.members.get(name);
    if (!member) throw new Error(`no service ${name} in the fault suite`);
    return member;
  }

  private log(name: string, line: string): void {
    if (!this.logs.has(name)) this.logs.set(name, createWriteStream(join(this.logDir, `${name}.log`), { flags: 'a' }));
    const log = this.logs.get(name);
    // A service's last lines can arrive after stop() closed the logs: dropped, not written after the end.
    if (log && !log.writableEnded) log.write(`${line}\n`);
  }
}
