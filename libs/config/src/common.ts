import { Type } from '@sinclair/typebox';
import { hostname } from 'node:os';
import { defineFormat } from './formats';
import { NatsUrlListError, parseNatsUrlList } from './nats-url-list';

const NATS_URL_LIST = defineFormat('nats-url-list', (value) => {
  try {
    parseNatsUrlList(value);
    return undefined;
  } catch (err) {
    if (err instanceof NatsUrlListError) return err.detail;
    throw err;
  }
});

const path = (description: string) => Type.String({ default: '', maxLength: 4096, description });
const secret = (description: string) => Type.String({ default: '', maxLength: 8192, secret: true, description });

/** How a service logs in to NATS (at most one method) and verifies it over TLS; all optional. */
export const NatsAuthConfigSchema = {
  NATS_USER: Type.String({ default: '', maxLength: 256, description: 'user name (with NATS_PASSWORD)' }),
  NATS_PASSWORD: secret('password of NATS_USER'),
  NATS_PASSWORD_FILE: path('file holding the password of NATS_USER (a mounted secret); re-read on every reconnect'),
  NATS_TOKEN: secret('authentication token'),
  NATS_NKEY_SEED: secret('nkey user seed (SU…)'),
  NATS_CREDS_FILE: path('user JWT + seed .creds file; re-read on every reconnect'),
  NATS_TLS_CA_FILE: path('CA certificate(s) the server certificate must chain to'),
  NATS_TLS_CERT_FILE: path('client certificate (with NATS_TLS_KEY_FILE)'),
  NATS_TLS_KEY_FILE: path('client private key'),
};

/** Settings every service shares: where NATS is, which namespace it uses, logging and ops port. */
export const CommonConfigSchema = {
  NATS_URL: Type.String({ default: 'nats://127.0.0.1:4222', format: NATS_URL_LIST, description: 'comma-separated NATS server URLs' }),
  NATS_PING_INTERVAL_MS: Type.Integer({
    default: 1000,
    minimum: 250,
    maximum: 120_000,
    description: 'ping period towards NATS; a server with two unanswered pings is left for another (a frozen one after ~3 periods + 1.5 s)',
  }),
  NATS_NAMESPACE: Type.String({ default: 'lc', pattern: '^[a-z][a-z0-9]{0,15}$', description: 'prefix of every subject, stream and bucket' }),
  LOG_LEVEL: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), { default: 'info' }),
  SHUTDOWN_GRACE_MS: Type.Integer({ default: 10000, minimum: 0, description: 'drain time allowed after SIGTERM' }),
  KV_REPLICAS: Type.Integer({ default: 1, minimum: 1, maximum: 5, description: 'replicas of the KV buckets (3 on a 3-node cluster)' }),
  LOG_FORMAT: Type.Union([Type.Literal('json'), Type.Literal('pretty')], { default: 'json' }),
  INSTANCE_ID: Type.String({ default: '', pattern: '^[A-Za-z0-9_-]{0,64}$', description: 'unique per replica; default <service>-<host>-<pid>' }),
  OPS_PORT: Type.Integer({ default: 0, minimum: 0, maximum: 65535, description: 'health and metrics on this port instead of the service port (0: the service port)' }),
  OPS_HOST: Type.String({ default: '0.0.0.0', description: 'interface of OPS_PORT' }),
  ...NatsAuthConfigSchema,
};

/** The instance id to use: the configured one, or one derived from host and pid. */
export function instanceIdOf(service: string, configured: string): string {
  if (configured !== '') return configured;
  const host = hostname().replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 32);
  return `${service}-${host}-${process.pid}`;
}

/** Fan-out partition count: ingest and fanout must agree on it. */
export const PartitionConfigSchema = {
  PARTITIONS: Type.Integer({ default: 8, minimum: 1, maximum: 1024 }),
};

/** Retention of the message stream; ingest applies it when it creates or updates the stream. */
export const StreamConfigSchema = {
  HISTORY_PER_ROOM: Type.Integer({ default: 200, minimum: 1, description: 'max_msgs_per_subject of the message stream' }),
  HISTORY_MAX_AGE_SEC: Type.Integer({ default: 86400, minimum: 60 }),
  STREAM_REPLICAS: Type.Integer({ default: 1, minimum: 1, maximum: 5 }),
  DEDUP_WINDOW_SEC: Type.Integer({ default: 120, minimum: 1, description: 'window in which a clientMsgId retry gets the original ack' }),
};
