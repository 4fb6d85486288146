import type { BusCredentials } from './bus-credentials';
import { startService, type AppName, type LineSink, type ServiceProcess, type ServiceStartOptions } from './service-process';
import { StartupGroup, stopInOrder, type Launch } from './startup-group';
import { SupervisedService, type SupervisionOptions } from './supervisor';

/** Where and how the suite runs. */
export interface StackOptions {
  natsUrl: string;
  namespace: string;
  jwtSecret: string;
  gatewayPorts: number[];
  membershipPort: number;
  ingestPort: number;
  fanoutPort: number;
  /** NATS logins of the services; absent for a NATS without auth (they then connect without credentials). */
  credentials?: BusCredentials;
  /** Extra environment for every service (tuning, log level). */
  env?: Record<string, string>;
  /** Run the built bundles `<bundles>/<app>/main.js` instead of the sources. */
  bundles?: string;
  /** Every service writes its CPU profile here when it exits (`node --cpu-prof`). */
  cpuProfileDir?: string;
  sink: LineSink;
  /** Restart services that exit unasked (the dev stack). Off for tests, which kill services on purpose. */
  supervise?: SupervisionOptions;
  /** Abandons the start-up: everything started so far is stopped. */
  signal?: AbortSignal;
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

type InstanceOptions = Pick<StackOptions, 'natsUrl' | 'namespace' | 'jwtSecret' | 'env' | 'credentials'>;

/** The environment of one service instance: the shared part and its own NATS login. */
export function instanceEnv(options: InstanceOptions, app: AppName, instanceId: string): Record<string, string> {
  return { ...sharedEnv(options), ...options.credentials?.envFor(app, instanceId), INSTANCE_ID: instanceId };
}

/** Instance ids of a stack's gateways, one per port: each needs its NATS user. */
export function gatewayIdsOf(ports: number[]): string[] {
  return ports.map((_, i) => `gateway-${i + 1}`);
}

/** How every service of a stack is launched (bundles or sources, profiling). */
type LaunchOption = 'bundles' | 'cpuProfileDir';

function launchOptions(options: Pick<StackOptions, LaunchOption>, signal?: AbortSignal): ServiceStartOptions {
  return { signal, bundles: options.bundles, cpuProfileDir: options.cpuProfileDir };
}

/** Starts one gateway of a stack (also used by tests that add or kill gateways); its NATS user must exist. */
export function startGateway(options: InstanceOptions & Pick<StackOptions, 'sink' | LaunchOption>, port: number, id: string, signal?: AbortSignal): Promise<ServiceProcess> {
  return startService('gateway', id, { ...instanceEnv(options, 'gateway', id), GATEWAY_PORT: String(port) }, port, options.sink, launchOptions(options, signal));
}

/**
 * Starts the whole suite: membership first (it creates the rooms and moderation buckets
 * the others bind to), then ingest (the message stream) and fan-out (which waits for the
 * stream), then the gateways. Any failure stops everything, siblings that were still
 * starting included, and rejects with the first failure (a ServiceStartError).
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const group = new StartupGroup(options.signal);
  const launch = (app: AppName, name: string, portVar: string, port: number) =>
    supervisable(options, (signal) => startService(app, name, { ...instanceEnv(options, app, name), [portVar]: String(port) }, port, options.sink, launchOptions(options, signal)));
  try {
    const [membership] = await group.start([launch('membership', 'membership-1', 'MEMBERSHIP_PORT', options.membershipPort)]);
    const [ingest, fanout] = await group.start([
      launch('ingest', 'ingest-1', 'INGEST_PORT', options.ingestPort),
      launch('fanout', 'fanout-1', 'FANOUT_PORT', options.fanoutPort),
    ]);
    const ids = gatewayIdsOf(options.gatewayPorts);
    const gateways = await group.start(options.gatewayPorts.map((port, i) => supervisable(options, (signal) => startGateway(options, port, ids[i], signal))));
    const all = [ingest, membership, fanout, ...gateways];
    return { membership, ingest, fanout, gateways, stop: () => stopInOrder(all) };
  } catch (err) {
    await group.stopAll();
    throw err;
  }
}

/** The launch itself, or, when the stack supervises, one whose service restarts after a crash. */
function supervisable(options: Pick<StackOptions, 'supervise'>, launch: Launch): Launch {
  const supervision = options.supervise;
  if (!supervision) return launch;
  return async (signal) => new SupervisedService(await launch(signal), launch, supervision);
}
