import type { NatsAuthOptions } from '@livecast/nats';

/** Injection tokens of the runtime's providers. */
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const SERVICE_INFO = Symbol('SERVICE_INFO');

/** The settings every service config has (see CommonConfigSchema). */
export interface CommonConfig {
  NATS_URL: string;
  NATS_PING_INTERVAL_MS: number;
  NATS_NAMESPACE: string;
  LOG_LEVEL: string;
  LOG_FORMAT: 'json' | 'pretty';
  INSTANCE_ID: string;
  KV_REPLICAS: number;
  OPS_PORT: number;
  OPS_HOST: string;
  NATS_USER: string;
  NATS_PASSWORD: string;
  NATS_PASSWORD_FILE: string;
  NATS_TOKEN: string;
  NATS_NKEY_SEED: string;
  NATS_CREDS_FILE: string;
  NATS_TLS_CA_FILE: string;
  NATS_TLS_CERT_FILE: string;
  NATS_TLS_KEY_FILE: string;
}

/** What a service tells the runtime about itself. */
export interface ServiceInfo {
  /** Service name: `gateway`, `ingest`, ... */
  name: string;
  /** This instance's id, unique among replicas. */
  instanceId: string;
  natsUrl: string;
  natsPingIntervalMs: number;
  /** Validated credentials and TLS; holds secrets, so never logged (log `natsAuth.describe`). */
  natsAuth: NatsAuthOptions;
  namespace: string;
  logLevel: string;
  logFormat: 'json' | 'pretty';
  /** Replicas of the KV buckets this service creates. */
  kvReplicas: number;
  /** Port of health and metrics when they are kept off the service port; 0: on the service port. */
  opsPort: number;
  opsHost: string;
}

/** A named condition that must hold before the service takes traffic. */
export interface ReadinessCheck {
  name: string;
  ready(): boolean;
}
