import { TokenVerifier, tokenVerifierFromConfig, type AuthConfig } from '@livecast/auth';
import { Logger, type Provider } from '@nestjs/common';

/**
 * The TokenVerifier of a service that verifies user tokens (gateway, membership), built
 * from its auth config at start-up: a ConfigError ends the start. Failed JWKS fetches are
 * logged (at most one per cooldown) while the last good key set keeps serving.
 */
export function tokenVerifierProvider(config: AuthConfig, allowGuests: boolean): Provider {
  const logger = new Logger('Tokens');
  const onJwksError = (err: unknown) => logger.warn(`JWKS fetch failed (the last key set stays in use): ${err instanceof Error ? err.message : String(err)}`);
  return { provide: TokenVerifier, useValue: tokenVerifierFromConfig(config, allowGuests, onJwksError) };
}
