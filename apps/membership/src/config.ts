import { AuthConfigSchema } from '@livecast/auth';
import { CommonConfigSchema, loadConfig } from '@livecast/config';
import { Type, type Static } from '@sinclair/typebox';

export const MembershipConfigSchema = Type.Object({
  ...CommonConfigSchema,
  ...AuthConfigSchema,
  MEMBERSHIP_PORT: Type.Integer({ default: 3100, minimum: 1, maximum: 65535, description: 'admin API, health and metrics' }),
  MEMBERSHIP_HOST: Type.String({ default: '0.0.0.0' }),
  ADMIN_API_KEYS: Type.Optional(Type.String({ description: 'service API keys of back-end callers: comma-separated <name>:<key>, keys ≥ 32 chars' })),
  ONLINE_PUBLISH_MS: Type.Integer({ default: 1000, minimum: 100, description: 'how often changed online counts go to viewers' }),
  ONLINE_REFRESH_MS: Type.Integer({
    default: 2000,
    minimum: 500,
    maximum: 60_000,
    description: "every room's count is published again this often, changed or not: a count lost in a failover (core NATS is at most once) is corrected within it",
  }),
});
export type MembershipConfig = Static<typeof MembershipConfigSchema>;

/** Injection token of the validated config. */
export const MEMBERSHIP_CONFIG = Symbol('MEMBERSHIP_CONFIG');

export function loadMembershipConfig(env: NodeJS.ProcessEnv = process.env): MembershipConfig {
  return loadConfig(MembershipConfigSchema, env);
}
