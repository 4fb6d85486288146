import { startService, type AppName, type LineSink, type ServiceProcess } from './service-process';

/** Where and how the suite runs. */
export interface StackOptions {
  natsUrl: string;
  namespace: string;
  jwtSecret: string;
  gatewayPorts: number[];
  membershipPort: number;
  ingestPort: number;
  fanoutPort: number;
  /** Extra environment for every service (tuning, log level). */
  env?: Record<string, string>;
  sink: LineSink;
}

/** The running suite. */
export interface Stack {
  membership: ServiceProcess;
  ingest: ServiceProcess;
  fanout: ServiceProcess;
  gateways: ServiceProcess[];
  stop(): Promise<void>;
}

/** The environment every service of one stack shares. */
export function sharedEnv(options: Pick<StackOptions, 'natsUrl' | 'namespace' | 'jwtSecret' | 'env'>): Record<string, string> {
  return { NATS_URL: options.natsUrl, NATS_NAMESPACE: options.namespace, JWT_SECRET: options.jwtSecret, ...options.env };
}

/** Starts one gateway of a stack (also used by tests that add or kill gateways). */
export function startGateway(options: Pick<StackOptions, 'natsUrl' | 'namespace' | 'jwtSecret' | 'env' | 'sink'>, port: number, id: string): Promise<ServiceProcess> {
  return startService('gateway', id, { ...sharedEnv(options), GATEWAY_PORT: String(port), INSTANCE_ID: id }, port, options.sink);
}

/**
 * Starts the whole suite: ingest first (it creates the message stream), then membership
 * and fan-out, then the gateways. Any failure stops what was started.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const started: ServiceProcess[] = [];
  const start = async (app: AppName, name: string, portVar: string, port: number) => {
    const service = await startService(app, name, { ...sharedEnv(options), [portVar]: String(port), INSTANCE_ID: name }, port, options.sink);
    started.push(service);
    return service;
  };
  try {
    const ingest = await start('ingest', 'ingest-1', 'INGEST_PORT', options.ingestPort);
    const [membership, fanout] = await Promise.all([
      start('membership', 'membership-1', 'MEMBERSHIP_PORT', options.membershipPort),
      start('fanout', 'fanout-1', 'FANOUT_PORT', options.fanoutPort),
    ]);
    const gateways = await Promise.all(
      options.gatewayPorts.map(async (port, i) => {
        const gateway = await startGateway(options, port, `gateway-${i + 1}`);
        started.push(gateway);
        return gateway;
      }),
    );
    return { membership, ingest, fanout, gateways, stop: () => stopAll(started) };
  } catch (err) {
    await stopAll(started);
    throw err;
  }
}

/** Gateways first (viewers move away), then the services behind them. */
async function stopAll(services: ServiceProcess[]): Promise<void> {
  const gateways = services.filter((s) => s.name.startsWith('gateway'));
  await Promise.all(gateways.map((s) => s.stop()));
  await Promise.all(services.filter((s) => !gateways.includes(s)).map((s) => s.stop()));
}
