import { Type, type Static } from '@sinclair/typebox';
import { WireErrorSchema } from '../wire-error-schema';
import { PrincipalSchema, RoomIdSchema } from '../ids';
import { ClientMsgIdSchema, MessageKindSchema } from '../message';
import { MAX_RAW_TEXT_CHARS } from '../message-text';
import { SeqSchema, TimestampSchema } from '../bounds';
import { createValidator } from '../validation';

/** gateway → ingest on `Names.ingest(roomId)`: a viewer's message with the verified sender. */
export const IngestRequestSchema = Type.Object(
  {
    roomId: RoomIdSchema,
    clientMsgId: ClientMsgIdSchema,
    kind: MessageKindSchema,
    text: Type.String({ maxLength: MAX_RAW_TEXT_CHARS }),
    from: PrincipalSchema,
    gatewayId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
    expiresAt: Type.Optional(TimestampSchema("the gateway's deadline (ms since epoch): ingest does not act on a request that arrives well after it")),
  },
  { additionalProperties: false },
);
export type IngestRequest = Static<typeof IngestRequestSchema>;
export const ingestRequest = createValidator(IngestRequestSchema);

export const IngestReplySchema = Type.Union([
  Type.Object({ ok: Type.Literal(true), seq: SeqSchema(1), duplicate: Type.Boolean(), ts: TimestampSchema() }, { additionalProperties: false }),
  Type.Object({ ok: Type.Literal(false), error: WireErrorSchema }, { additionalProperties: false }),
]);
export type IngestReply = Static<typeof IngestReplySchema>;
export const ingestReply = createValidator(IngestReplySchema);
