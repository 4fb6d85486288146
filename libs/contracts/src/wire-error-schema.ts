import { Type } from '@sinclair/typebox';
import { MAX_RETRY_AFTER_MS } from './bounds';
import { ErrorCode } from './errors';

/** Schema of a wire error, for replies that cross the bus (kept apart so the client entry needs no TypeBox). */
export const WireErrorSchema = Type.Object(
  {
    code: Type.Union(Object.values(ErrorCode).map((code) => Type.Literal(code))),
    message: Type.String({ maxLength: 500 }),
    field: Type.Optional(Type.String({ maxLength: 200 })),
    retryAfterMs: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_RETRY_AFTER_MS })),
    outcome: Type.Optional(Type.Union([Type.Literal('unknown'), Type.Literal('not_stored')])),
    retryable: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
