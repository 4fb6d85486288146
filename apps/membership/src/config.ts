import { CommonConfigSchema, loadConfig } from '@livecast/config';
import { Type, type Static } from '@sinclair/typebox';

export const MembershipConfigSchema = Type.Object({
  ...CommonConfigSchema,
  MEMBERSHIP_PORT: Type.Integer({ default: 3100, minimum: 1, maximum: 65535, description: 'admin API, health and metrics' }),
  MEMBERSHIP_HOST: Type.String({ default: '0.0.0.0' }),
  JWT_SECRET: Type.String({ minLength: 16, description: 'HS256 secret shared with the gateways' }),
  ONLINE_PUBLISH_MS: Type.Integer({ default: 1000, minimum: 100, description: 'how often changed online counts go to viewers' }),
});
export type MembershipConfig = Static<typeof MembershipConfigSchema>;

/** Injection token of the validated config. */
export const MEMBERSHIP_CONFIG = Symbol('MEMBERSHIP_CONFIG');

export function loadMembershipConfig(env: NodeJS.ProcessEnv = process.env): MembershipConfig {
  return loadConfig(MembershipConfigSchema, env);
}
