import { AuthConfigSchema } from '@livecast/auth';
import { PRESENCE_HEARTBEAT_MS } from '@livecast/contracts';
import { CommonConfigSchema, PartitionConfigSchema, loadConfig } from '@livecast/config';
import { Type, type Static } from '@sinclair/typebox';

export const GatewayConfigSchema = Type.Object({
  ...CommonConfigSchema,
  ...PartitionConfigSchema,
  ...AuthConfigSchema,
  GATEWAY_PORT: Type.Integer({ default: 3000, minimum: 1, maximum: 65535, description: 'socket.io, health and metrics' }),
  GATEWAY_HOST: Type.String({ default: '0.0.0.0' }),
  ALLOW_GUESTS: Type.Boolean({ default: true, description: 'connections without a token may watch' }),
  TRANSPORTS: Type.String({ default: 'websocket,polling', pattern: '^(websocket|polling)(,(websocket|polling))?$' }),
  MAX_PAYLOAD_BYTES: Type.Integer({ default: 16_384, minimum: 1024, description: 'largest client packet (socket.io maxHttpBufferSize)' }),
  MAX_ROOMS_PER_CONNECTION: Type.Integer({ default: 10, minimum: 1 }),
  MAX_CONNECTIONS_PER_USER: Type.Integer({ default: 10, minimum: 1 }),
  EVENTS_PER_SEC: Type.Number({ default: 20, exclusiveMinimum: 0, description: 'client events a connection may send per second' }),
  EVENTS_BURST: Type.Integer({ default: 40, minimum: 1 }),
  EVENT_REFUSALS_MAX: Type.Integer({ default: 50, minimum: 1, maximum: 100_000, description: 'a connection refused this many events within the window is closed' }),
  EVENT_REFUSALS_WINDOW_MS: Type.Integer({ default: 10_000, minimum: 100, maximum: 3_600_000 }),
  ALLOWED_ORIGINS: Type.Optional(Type.String({ description: 'browser origins allowed to connect, comma-separated; unset: any' })),
  HISTORY_ON_JOIN: Type.Integer({ default: 50, minimum: 0, maximum: 500, description: 'recent messages in a join ack' }),
  RESUME_LIMIT: Type.Integer({ default: 200, minimum: 1, maximum: 1000, description: 'most messages a sinceSeq catch-up returns' }),
  INTEREST_LINGER_MS: Type.Integer({ default: 2000, minimum: 0, description: 'keep a room subscribed this long after its last local viewer left' }),
  PRESENCE_DELTA_MS: Type.Integer({ default: 250, minimum: 10, maximum: PRESENCE_HEARTBEAT_MS.max, description: 'count deltas are batched this long' }),
  PRESENCE_HEARTBEAT_MS: Type.Integer({
    default: 2000,
    minimum: PRESENCE_HEARTBEAT_MS.min,
    maximum: PRESENCE_HEARTBEAT_MS.max,
    description: 'full snapshot period; 3 missed = gateway dropped',
  }),
  PRESENCE_IDLE_HEARTBEAT_MS: Type.Integer({
    default: 30_000,
    minimum: PRESENCE_HEARTBEAT_MS.min,
    maximum: PRESENCE_HEARTBEAT_MS.max,
    description: 'snapshot period while this gateway has no viewer (never shorter than PRESENCE_HEARTBEAT_MS)',
  }),
  INGEST_TIMEOUT_MS: Type.Integer({ default: 5000, minimum: 100, maximum: 60_000, description: "wait for ingest's reply" }),
  INGEST_RESEND_MS: Type.Integer({
    default: 500,
    minimum: 250,
    maximum: 60_000,
    description: "with neither ingest's receipt (sent after 100 ms) nor its reply this long, the request goes out again, at most 3 copies in all; at or above INGEST_TIMEOUT_MS: never",
  }),
  SLOW_CLIENT_BUFFER_BYTES: Type.Integer({ default: 262_144, minimum: 1024, description: 'frames are skipped for a socket with more than this queued' }),
  SLOW_CLIENT_MAX_MS: Type.Integer({ default: 10_000, minimum: 100, description: 'a socket slow this long is disconnected' }),
  FRAME_DEFLATE_LEVEL: Type.Integer({
    default: 6,
    minimum: 0,
    maximum: 9,
    description: 'zlib level of frames compressed once per gateway for permessage-deflate sockets; 0 = no compression offered',
  }),
});
export type GatewayConfig = Static<typeof GatewayConfigSchema>;

/** Injection token of the validated config. */
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return loadConfig(GatewayConfigSchema, env);
}
