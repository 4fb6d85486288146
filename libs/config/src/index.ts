export { ConfigError, loadConfig } from './load-config';
export { CommonConfigSchema, instanceIdOf, PartitionConfigSchema, StreamConfigSchema } from './common';
