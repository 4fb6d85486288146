import { Type } from '@sinclair/typebox';
import { createValidator } from '../validation';

/** Longest token accepted, in a handshake or a refresh: identity providers' tokens with many roles stay below it. */
export const MAX_TOKEN_CHARS = 8192;

/** `session:refresh`: replaces the connection's token with a newer one of the same user. */
export const SessionRefreshRequestSchema = Type.Object({ token: Type.String({ minLength: 1, maxLength: MAX_TOKEN_CHARS }) }, { additionalProperties: false });
/** Written out from the schema (wire.generated.ts). */
export type { SessionRefreshRequest } from './wire.generated';
export const sessionRefreshRequest = createValidator(SessionRefreshRequestSchema);

/** Ack body of a refresh: when the new token expires (ms since epoch); the connection closes with SESSION_EXPIRED then unless refreshed again. */
export interface SessionRefreshResult {
  expiresAt: number;
}
