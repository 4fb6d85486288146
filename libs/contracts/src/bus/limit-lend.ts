import { Type, type Static } from '@sinclair/typebox';
import { MAX_RETRY_AFTER_MS } from '../bounds';
import { createValidator } from '../validation';

/**
 * ingest → another ingest replica on `Names.limitLend(instanceId)`: the asker's share of a
 * limit refused an event; the peer spends one event of its own share for it, if it has one.
 * The key is a rate-limit key (`u.<userKey>`, `r.<room>`, `p.<room>`); the limit the one
 * both replicas apply to it, so the peer needs no mapping of its own.
 */
export const LimitLendRequestSchema = Type.Object(
  {
    key: Type.String({ pattern: '^[A-Za-z0-9_=.-]{1,2048}$' }),
    limit: Type.Object(
      {
        rate: Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 }),
        per: Type.Integer({ minimum: 1, maximum: MAX_RETRY_AFTER_MS }),
        burst: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type LimitLendRequest = Static<typeof LimitLendRequestSchema>;
export const limitLendRequest = createValidator(LimitLendRequestSchema);

/** The peer's answer: granted (it spent one of its events), or when its share could grant one. */
export const LimitLendReplySchema = Type.Object(
  { granted: Type.Boolean(), retryAfterMs: Type.Integer({ minimum: 0, maximum: MAX_RETRY_AFTER_MS }) },
  { additionalProperties: false },
);
export type LimitLendReply = Static<typeof LimitLendReplySchema>;
export const limitLendReply = createValidator(LimitLendReplySchema);
