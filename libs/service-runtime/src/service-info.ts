import { instanceIdOf } from '@livecast/config';
import type { CommonConfig, ServiceInfo } from './tokens';

/** The runtime's view of a service, from its name and validated config. */
export function serviceInfoOf(name: string, config: CommonConfig): ServiceInfo {
  return {
    name,
    instanceId: instanceIdOf(name, config.INSTANCE_ID),
    natsUrl: config.NATS_URL,
    namespace: config.NATS_NAMESPACE,
    logLevel: config.LOG_LEVEL,
    logFormat: config.LOG_FORMAT,
    kvReplicas: config.KV_REPLICAS,
    opsPort: config.OPS_PORT,
    opsHost: config.OPS_HOST,
  };
}
