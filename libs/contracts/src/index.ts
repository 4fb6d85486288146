// Everything a client of the protocol needs (the SDK's entry), then what only services use.
export * from './client/index';
export { errorAck, okAck, type AckCallback } from './errors';
export { MAX_COUNT, MAX_SEQ, MAX_TIMESTAMP_MS } from './bounds';
export { createValidator, type Validator } from './validation';
export { MAX_USER_ID_LENGTH, ROLES, RoleSchema, RoomIdSchema, UserIdSchema, PrincipalSchema, type Role } from './ids';
export { userIdOfKey, userKey } from './user-key';
export { PRIVILEGED_KINDS } from './message-text';
export { ChatMessageSchema, chatMessage } from './message';
export { Names, partitionOf, receiptedInboxOf } from './subjects';
export { RECEIPT_HEADER, type Channel, type PayloadOf, type RequestChannel } from './bus/channel';
export type { ClientToServerEventsUnchecked } from './client/events';
export { roomJoinRequest, RoomJoinRequestSchema } from './client/room-join';
export { roomLeaveRequest, RoomLeaveRequestSchema } from './client/room-leave';
export { messageSendRequest, MessageSendRequestSchema } from './client/message-send';
export { RoomFrameSchema, roomFrame } from './client/room-frame';
export { CONTROL_ACTIONS, RoomControlSchema, roomControl } from './client/room-control';
export { SESSION_CLOSING_CODES, SessionClosingSchema } from './client/session-closing';
export { MAX_TOKEN_CHARS, sessionRefreshRequest, SessionRefreshRequestSchema } from './client/session-refresh';
export { ingestRequest, ingestReply, type IngestRequest, type IngestReply } from './bus/ingest';
export { limitLendRequest, limitLendReply, type LimitLendRequest, type LimitLendReply } from './bus/limit-lend';
export { MAX_GATEWAY_CONNECTIONS, MAX_ROOMS_PER_REPORT, PRESENCE_HEARTBEAT_MS, presenceReport, type PresenceReport } from './bus/presence';
export { SERVICE_NAMES, busIdentity, type BusIdentity, type ServiceName } from './bus/identity';
export { busPermissions, type BusPermissions, type PermissionOptions, type SubjectRules } from './bus/permissions';
export {
  CreateRoomBodySchema,
  RoomRecordSchema,
  RoomViewSchema,
  createRoomBody,
  roomRecord,
  type CreateRoomBody,
  type RoomRecord,
  type RoomView,
} from './admin/rooms';
export {
  ModerationBodySchema,
  isInForce,
  moderationBody,
  moderationRecord,
  type ModerationBody,
  type ModerationRecord,
} from './admin/moderation';
export { API_KEY_HEADER } from './admin/headers';
export { LeaseRecordSchema, MAX_LEASE_TTL_MS, PARTITION_CONSUMER_SLOTS, leaseRecord, type LeaseRecordValue } from './bus/lease';
export { RateLimitStateSchema, rateLimitState } from './bus/rate-limit';
