import { Type } from '@sinclair/typebox';
import { ErrorCode } from '../errors';

/** Why the server closes a connection on purpose; the client decides from it whether and where to reconnect. */
export const SESSION_CLOSING_CODES = [ErrorCode.ShuttingDown, ErrorCode.SlowConsumer, ErrorCode.Limit, ErrorCode.SessionExpired, ErrorCode.RateLimited] as const;
export type SessionClosingCode = (typeof SESSION_CLOSING_CODES)[number];

/** Server → client `session:closing`, sent once right before the server disconnects the socket. */
export const SessionClosingSchema = Type.Object(
  {
    code: Type.Union(SESSION_CLOSING_CODES.map((code) => Type.Literal(code))),
    message: Type.String({ maxLength: 500 }),
  },
  { additionalProperties: false },
);
/** Written out from the schema (wire.generated.ts). */
export type { SessionClosing } from './wire.generated';
