import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { freePort, sharedEnv, startGateway, startService, type AppName, type ServiceProcess } from '@livecast/stack-runner';
import { TEST_TUNING, suiteEnv } from './suite-env';

/**
 * A second, private suite on the same NATS under its own namespace, for specs that kill
 * services (which would disturb every other spec if done to the shared suite).
 */
export class PrivateStack {
  readonly services: ServiceProcess[] = [];
  readonly namespace = `p${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;

  constructor(private readonly tuning: Record<string, string> = {}) {}

  private get options() {
    const env = suiteEnv();
    return {
      natsUrl: env.natsUrl,
      namespace: this.namespace,
      jwtSecret: env.jwtSecret,
      env: { ...TEST_TUNING, ...this.tuning },
      sink: (name: string, line: string) => this.log(name, line),
    };
  }

  private readonly logs = new Map<string, ReturnType<typeof createWriteStream>>();

  private log(name: string, line: string): void {
    if (!this.logs.has(name)) this.logs.set(name, createWriteStream(join(suiteEnv().logDir, `${this.namespace}-${name}.log`)));
    this.logs.get(name)?.write(`${line}\n`);
  }

  /** Starts a service; `env` adds settings for this one only. */
  async start(app: Exclude<AppName, 'gateway'>, name: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
    const port = await freePort();
    const portVar = { membership: 'MEMBERSHIP_PORT', ingest: 'INGEST_PORT', fanout: 'FANOUT_PORT' }[app];
    const options = this.options;
    const service = await startService(app, name, { ...sharedEnv(options), ...env, [portVar]: String(port), INSTANCE_ID: name }, port, options.sink);
    this.services.push(service);
    return service;
  }

  async startGateway(name: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
    const options = this.options;
    const gateway = await startGateway({ ...options, env: { ...options.env, ...env } }, await freePort(), name);
    this.services.push(gateway);
    return gateway;
  }

  async stop(): Promise<void> {
    await Promise.all(this.services.map((s) => s.stop(2000)));
    for (const log of this.logs.values()) log.end();
  }
}
