import { Type } from '@sinclair/typebox';
import { WireErrorSchema, type WireError } from '../errors';
import { PrincipalSchema, RoomIdSchema, type Principal } from '../ids';
import { ClientMsgIdSchema, MAX_RAW_TEXT_CHARS, MessageKindSchema, type MessageKind } from '../message';
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
  },
  { additionalProperties: false },
);
export interface IngestRequest {
  roomId: string;
  clientMsgId: string;
  kind: MessageKind;
  text: string;
  from: Principal;
  gatewayId: string;
}
export const ingestRequest = createValidator(IngestRequestSchema);

export const IngestReplySchema = Type.Union([
  Type.Object({ ok: Type.Literal(true), seq: Type.Integer({ minimum: 1 }), duplicate: Type.Boolean(), ts: Type.Integer() }, { additionalProperties: false }),
  Type.Object({ ok: Type.Literal(false), error: WireErrorSchema }, { additionalProperties: false }),
]);
export type IngestReply = { ok: true; seq: number; duplicate: boolean; ts: number } | { ok: false; error: WireError };
export const ingestReply = createValidator(IngestReplySchema);
