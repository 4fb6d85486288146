import { Type, type Static } from '@sinclair/typebox';
import { RoomIdSchema } from '../ids';
import { createValidator } from '../validation';

export const GatewayIdSchema = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });

/**
 * gateway → membership on `Names.presence(gatewayId)`. A `delta` carries per-room count
 * changes since the previous report; a `snapshot` carries every room's full local count
 * and doubles as the heartbeat. `epoch` changes when a gateway restarts, so membership
 * never adds deltas of a new process onto counts of an old one.
 */
export const PresenceReportSchema = Type.Object(
  {
    gatewayId: GatewayIdSchema,
    epoch: Type.String({ maxLength: 64 }),
    seq: Type.Integer({ minimum: 0 }),
    kind: Type.Union([Type.Literal('delta'), Type.Literal('snapshot')]),
    heartbeatMs: Type.Integer({ minimum: 1 }),
    rooms: Type.Record(RoomIdSchema, Type.Integer()),
  },
  { additionalProperties: false },
);
export type PresenceReport = Static<typeof PresenceReportSchema>;
export const presenceReport = createValidator(PresenceReportSchema);
