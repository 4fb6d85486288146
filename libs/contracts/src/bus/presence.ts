import { Type, type Static } from '@sinclair/typebox';
import { MAX_SEQ } from '../bounds';
import { RoomIdSchema } from '../ids';
import { createValidator } from '../validation';

export const GatewayIdSchema = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });

/** The heartbeat periods a gateway may announce; membership waits three of them before dropping it. */
export const PRESENCE_HEARTBEAT_MS = { min: 100, max: 60_000 } as const;
/** Rooms one report may carry: a snapshot of 10K rooms with 64-character ids stays under NATS' 1 MB payload. */
export const MAX_ROOMS_PER_REPORT = 10_000;
/** Connections one gateway process can hold (~13 KB each): no per-room count of one gateway exceeds it. */
export const MAX_GATEWAY_CONNECTIONS = 1_000_000;

const header = {
  gatewayId: GatewayIdSchema,
  epoch: Type.String({ minLength: 1, maxLength: 64 }),
  seq: Type.Integer({ minimum: 0, maximum: MAX_SEQ }),
  heartbeatMs: Type.Integer({ minimum: PRESENCE_HEARTBEAT_MS.min, maximum: PRESENCE_HEARTBEAT_MS.max }),
};
const roomCounts = (minimum: number) => Type.Record(RoomIdSchema, Type.Integer({ minimum, maximum: MAX_GATEWAY_CONNECTIONS }), { maxProperties: MAX_ROOMS_PER_REPORT, additionalProperties: false });

/**
 * gateway → membership on `Names.presence(gatewayId)`. A `delta` carries per-room count
 * changes since the previous report; a `snapshot` carries every room's full local count
 * and doubles as the heartbeat. `epoch` changes when a gateway restarts, so membership
 * never adds deltas of a new process onto counts of an old one. Every number is bounded:
 * a report beyond the bounds is dropped whole.
 */
export const PresenceReportSchema = Type.Union([
  Type.Object({ ...header, kind: Type.Literal('delta'), rooms: roomCounts(-MAX_GATEWAY_CONNECTIONS) }, { additionalProperties: false }),
  Type.Object({ ...header, kind: Type.Literal('snapshot'), rooms: roomCounts(0) }, { additionalProperties: false }),
]);
export type PresenceReport = Static<typeof PresenceReportSchema>;
export const presenceReport = createValidator(PresenceReportSchema);
