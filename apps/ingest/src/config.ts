import { CommonConfigSchema, PartitionConfigSchema, StreamConfigSchema, loadConfig } from '@livecast/config';
import { MAX_RETRY_AFTER_MS } from '@livecast/contracts';
import { Type, type Static } from '@sinclair/typebox';

const rate = (rate: number, per: number, burst: number, who: string) => ({
  rate: Type.Number({ default: rate, exclusiveMinimum: 0, maximum: 1_000_000, description: `${who}: messages per period` }),
  per: Type.Integer({ default: per, minimum: 1, maximum: MAX_RETRY_AFTER_MS, description: `${who}: period in ms (at most a day)` }),
  burst: Type.Integer({ default: burst, minimum: 1, maximum: 1_000_000, description: `${who}: burst` }),
});

const viewer = rate(20, 30_000, 20, 'viewer');
const staff = rate(100, 10_000, 50, 'host/moderator/admin');
const room = rate(200, 1000, 400, 'room');

export const IngestConfigSchema = Type.Object({
  ...CommonConfigSchema,
  ...PartitionConfigSchema,
  ...StreamConfigSchema,
  INGEST_PORT: Type.Integer({ default: 3200, minimum: 1, maximum: 65535, description: 'health and metrics' }),
  INGEST_HOST: Type.String({ default: '0.0.0.0' }),
  RATE_VIEWER_RATE: viewer.rate,
  RATE_VIEWER_PER_MS: viewer.per,
  RATE_VIEWER_BURST: viewer.burst,
  RATE_STAFF_RATE: staff.rate,
  RATE_STAFF_PER_MS: staff.per,
  RATE_STAFF_BURST: staff.burst,
  RATE_ROOM_RATE: room.rate,
  RATE_ROOM_PER_MS: room.per,
  RATE_ROOM_BURST: room.burst,
  APPEND_BUDGET_MS: Type.Integer({
    default: 4000,
    minimum: 100,
    maximum: 60_000,
    description: 'an append failing transiently (no JetStream leader, timeout) is retried with the same Nats-Msg-Id for at most this long; keep it below the gateway INGEST_TIMEOUT_MS',
  }),
  LIMIT_SYNC_MS: Type.Integer({
    default: 2000,
    minimum: 100,
    maximum: 60_000,
    description: 'how often a replica announces itself to the others sharing the limits; one unheard for 3 intervals gives its share back',
  }),
  LIMIT_WAIT_MS: Type.Integer({
    default: 250,
    minimum: 0,
    maximum: 1000,
    description: "a send the room's budget (or its priority lane) would take within this long waits and is decided again instead of being refused at once; 0 refuses at once",
  }),
  MAX_IN_FLIGHT: Type.Integer({ default: 2000, minimum: 1, maximum: 1_000_000, description: 'requests handled at once; more are refused UNAVAILABLE' }),
  PRIORITY_RATE: Type.Number({ default: 10, exclusiveMinimum: 0, maximum: 1000, description: 'priority messages per room per second; must match fanout' }),
  PRIORITY_BURST: Type.Integer({ default: 5, minimum: 1, maximum: 1000, description: 'priority messages a room may take at once (backlog = burst / rate seconds)' }),
});
export type IngestConfig = Static<typeof IngestConfigSchema>;

/** Injection token of the validated config. */
export const INGEST_CONFIG = Symbol('INGEST_CONFIG');
/** Injection token of the rooms' priority-lane limits (see `priorityLane`). */
export const PRIORITY_LANE = Symbol('PRIORITY_LANE');

export function loadIngestConfig(env: NodeJS.ProcessEnv = process.env): IngestConfig {
  return loadConfig(IngestConfigSchema, env);
}
