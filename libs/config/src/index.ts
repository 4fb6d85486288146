export { ConfigError, loadConfig } from './load-config';
export { CommonConfigSchema, NatsAuthConfigSchema, instanceIdOf, PartitionConfigSchema, StreamConfigSchema } from './common';
export { MAX_NATS_URLS, NatsUrlListError, parseNatsUrlList, type NatsServerAddress } from './nats-url-list';
