import { parseNatsUrlList } from '@livecast/config';
import type { BusCredentialsSnapshot } from '@livecast/stack-runner';

/** How the integration specs reach the suite the global setup started (read from env vars it set). */
export interface SuiteEnv {
  natsUrl: string;
  /** The suite's NATS users; absent when it had to use a NATS without auth. */
  natsCredentials?: BusCredentialsSnapshot;
  namespace: string;
  jwtSecret: string;
  gateways: string[];
  membership: string;
  logDir: string;
}

const KEY = 'LC_TEST_SUITE';

export function writeSuiteEnv(env: SuiteEnv): void {
  process.env[KEY] = JSON.stringify(env);
}

export function suiteEnv(): SuiteEnv {
  const raw = process.env[KEY];
  if (!raw) throw new Error('integration suite not started: run through jest (global setup)');
  return JSON.parse(raw) as SuiteEnv;
}

/** The suite's NATS servers as the nats client takes them (NATS_URL may be a list). */
export function natsServers(): string[] {
  return parseNatsUrlList(suiteEnv().natsUrl).map((server) => server.url);
}
/** Gateways specs may add to the running suite: each needs a NATS user, provisioned at start. */
export const EXTRA_GATEWAY_IDS = ['gw-doomed', 'gw-leaving', 'gw-interest', 'gw-demo', 'gw-failover'] as const;
export type ExtraGatewayId = (typeof EXTRA_GATEWAY_IDS)[number];

/** Service settings that make timing-based behaviour observable within a fast test run. */
export const TEST_TUNING: Record<string, string> = {
  LOG_LEVEL: 'info',
  PARTITIONS: '4',
  INTEREST_LINGER_MS: '300',
  PRESENCE_DELTA_MS: '100',
  PRESENCE_HEARTBEAT_MS: '500',
  ONLINE_PUBLISH_MS: '200',
  ONLINE_REFRESH_MS: '1000',
  LEASE_TTL_MS: '1500',
  LEASE_RENEW_MS: '300',
  SHUTDOWN_GRACE_MS: '5000',
  // The shaping spec offers 24 priority messages at once to watch them drain at 10/s; the
  // lane's product default (5) is pinned by priority-lane.int.spec.ts on a stack of its own.
  PRIORITY_BURST: '24',
};
