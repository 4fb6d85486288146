import { Names } from '@livecast/contracts';
import {
  BusCredentials,
  findNatsServer,
  freePort,
  instanceEnv,
  startGateway,
  startNatsServer,
  startService,
  type AppName,
  type NatsHandle,
  type ServiceProcess,
} from '@livecast/stack-runner';
import type { NatsConnection } from 'nats';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { connectOperator } from './bus';
import { TEST_TUNING, suiteEnv } from './suite-env';

/**
 * A second, private suite for specs that kill services (which would disturb every other
 * spec if done to the shared suite): its own nats-server with the suite's users and
 * permissions, under its own namespace. Without a nats-server binary it shares the
 * suite's NATS (then without auth, as the suite does).
 */
export class PrivateStack {
  readonly services: ServiceProcess[] = [];
  readonly namespace = `p${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
  private nats?: Promise<NatsHandle>;

  /** `bundles`: run the production bundles `<bundles>/<app>/main.js` instead of the sources. */
  constructor(
    private readonly tuning: Record<string, string> = {},
    private readonly bundles?: string,
  ) {}

  private get env() {
    return { ...TEST_TUNING, ...this.tuning };
  }

  private readonly logs = new Map<string, ReturnType<typeof createWriteStream>>();

  private log(name: string, line: string): void {
    if (!this.logs.has(name)) this.logs.set(name, createWriteStream(join(suiteEnv().logDir, `${this.namespace}-${name}.log`)));
    this.logs.get(name)?.write(`${line}\n`);
  }

  /** The stack's NATS, started on first use. */
  private handle(): Promise<NatsHandle> {
    this.nats ??= (async () => {
      const binary = findNatsServer();
      if (!binary) return { url: suiteEnv().natsUrl, owned: false, reload: async () => undefined, stop: async () => undefined };
      const credentials = new BusCredentials(new Names(this.namespace), Number(this.env.PARTITIONS));
      return startNatsServer(binary, { credentials, logFile: join(suiteEnv().logDir, `${this.namespace}-nats-server.log`) });
    })();
    return this.nats;
  }

  private async options() {
    const nats = await this.handle();
    return {
      natsUrl: nats.url,
      namespace: this.namespace,
      jwtSecret: suiteEnv().jwtSecret,
      credentials: nats.credentials,
      env: this.env,
      sink: (name: string, line: string) => this.log(name, line),
      bundles: this.bundles,
    };
  }

  /** The process last started under `name` (a restart under the same name replaces the earlier one). */
  service(name: string): ServiceProcess {
    const found = [...this.services].reverse().find((s) => s.name === name);
    if (!found) throw new Error(`no service ${name} in this stack`);
    return found;
  }

  /** Starts a service; `env` adds settings for this one only. */
  async start(app: Exclude<AppName, 'gateway'>, name: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
    const port = await freePort();
    const portVar = { membership: 'MEMBERSHIP_PORT', ingest: 'INGEST_PORT', fanout: 'FANOUT_PORT' }[app];
    const options = await this.options();
    const service = await startService(app, name, { ...instanceEnv(options, app, name), ...env, [portVar]: String(port) }, port, options.sink, { bundles: options.bundles });
    this.services.push(service);
    return service;
  }

  /** Starts a gateway; a new id gets its NATS user first (the server reloads its config, as a deployment would). */
  async startGateway(name: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
    const nats = await this.handle();
    if (nats.credentials && !nats.credentials.hasGateway(name)) {
      nats.credentials.addGateway(name);
      await nats.reload();
    }
    const options = await this.options();
    const gateway = await startGateway({ ...options, env: { ...options.env, ...env } }, await freePort(), name);
    this.services.push(gateway);
    return gateway;
  }

  /** A raw connection with full access to this stack's NATS. */
  async connectOperator(): Promise<NatsConnection> {
    const nats = await this.handle();
    return connectOperator(nats.url, nats.credentials);
  }

  /** Freezes the stack's nats-server (SIGSTOP) for `ms`, as a paused or overloaded node would be; false without one of our own. */
  async pauseNats(ms: number): Promise<boolean> {
    const pid = (await this.handle()).pid;
    if (pid === undefined) return false;
    process.kill(pid, 'SIGSTOP');
    await new Promise((r) => setTimeout(r, ms));
    process.kill(pid, 'SIGCONT');
    return true;
  }

  async stop(): Promise<void> {
    try {
      await Promise.allSettled(this.services.map((s) => s.stop(2000)));
    } finally {
      await (await this.nats?.catch(() => undefined))?.stop();
      for (const log of this.logs.values()) log.end();
    }
  }
}
