export { AuthConfigSchema, apiKeyRingOf, tokenVerifierFromConfig, tokenVerifierOptions, type AuthConfig } from './auth-config';
export { ApiKeyRing, type ApiKey } from './api-keys';
export { JwksSource, type JwksSourceOptions } from './jwks-source';
export { mintToken, signingSecretOf } from './mint-token';
export { OriginPolicy } from './origin-policy';
export { SessionDeadlines } from './session-deadlines';
export { TokenVerifier, type TokenVerifierOptions } from './token-verifier';
export type { VerifiedToken } from './verified-cache';
