import { instanceIdOf } from '@livecast/config';
import { natsAuthOptions } from '@livecast/nats';
import type { CommonConfig, ServiceInfo } from './tokens';

/** The runtime's view of a service, from its name and validated config; throws ConfigError for unusable NATS credentials. */
export function serviceInfoOf(name: string, config: CommonConfig): ServiceInfo {
  return {
    name,
    instanceId: instanceIdOf(name, config.INSTANCE_ID),
    natsUrl: config.NATS_URL,
    natsPingIntervalMs: config.NATS_PING_INTERVAL_MS,
    natsAuth: natsAuthOptions({
      user: config.NATS_USER,
      password: config.NATS_PASSWORD,
      passwordFile: config.NATS_PASSWORD_FILE,
      token: config.NATS_TOKEN,
      nkeySeed: config.NATS_NKEY_SEED,
      credsFile: config.NATS_CREDS_FILE,
      tlsCaFile: config.NATS_TLS_CA_FILE,
      tlsCertFile: config.NATS_TLS_CERT_FILE,
      tlsKeyFile: config.NATS_TLS_KEY_FILE,
    }),
    namespace: config.NATS_NAMESPACE,
    logLevel: config.LOG_LEVEL,
    logFormat: config.LOG_FORMAT,
    kvReplicas: config.KV_REPLICAS,
    opsPort: config.OPS_PORT,
    opsHost: config.OPS_HOST,
  };
}
