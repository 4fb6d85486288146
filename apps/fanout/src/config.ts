import { MAX_LEASE_TTL_MS } from '@livecast/contracts';
import { CommonConfigSchema, PartitionConfigSchema, loadConfig } from '@livecast/config';
import { Type, type Static } from '@sinclair/typebox';

export const FanoutConfigSchema = Type.Object({
  ...CommonConfigSchema,
  ...PartitionConfigSchema,
  FANOUT_PORT: Type.Integer({ default: 3300, minimum: 1, maximum: 65535, description: 'health and metrics' }),
  FANOUT_HOST: Type.String({ default: '0.0.0.0' }),
  LEASE_TTL_MS: Type.Integer({ default: 3000, minimum: 500, maximum: MAX_LEASE_TTL_MS, description: 'a partition whose owner stops renewing is taken over after this' }),
  LEASE_RENEW_MS: Type.Integer({ default: 1000, minimum: 100, maximum: MAX_LEASE_TTL_MS }),
  SCREEN_RATE: Type.Number({ default: 20, exclusiveMinimum: 0, description: 'chat messages per viewer per second' }),
  PRIORITY_RATE: Type.Number({ default: 10, exclusiveMinimum: 0, description: 'host/system/gift messages per viewer per second' }),
  PRIORITY_MAX_WAIT_MS: Type.Integer({
    default: 60_000,
    minimum: 500,
    maximum: 600_000,
    description: 'a priority message queued behind PRIORITY_RATE longer than this is counted as dropped instead of shown late',
  }),
  TICK_MS: Type.Integer({ default: 100, minimum: 10, description: 'frame interval of shaped rooms (latency mode)' }),
  MEGA_ROOM_THRESHOLD: Type.Integer({ default: 50_000, minimum: 1, description: 'rooms above this many viewers get longer frame intervals' }),
  MAX_FRAME_INTERVAL_MS: Type.Integer({ default: 1000, minimum: 10, description: 'longest frame interval of a mega room' }),
  MAX_ACK_PENDING: Type.Integer({ default: 20_000, minimum: 100, description: 'messages a partition may hold unacknowledged' }),
});
export type FanoutConfig = Static<typeof FanoutConfigSchema>;

/** Injection token of the validated config. */
export const FANOUT_CONFIG = Symbol('FANOUT_CONFIG');

export function loadFanoutConfig(env: NodeJS.ProcessEnv = process.env): FanoutConfig {
  return loadConfig(FanoutConfigSchema, env);
}
