export { ErrorCode, LivecastError, errorAck, okAck, type Ack, type AckCallback, type LivecastErrorOptions, type WireError } from './errors';
export { MAX_COUNT, MAX_RETRY_AFTER_MS, MAX_SEQ, MAX_TIMESTAMP_MS } from './bounds';
export { createValidator, type Validator } from './validation';
export { MAX_USER_ID_LENGTH, ROLES, RoleSchema, RoomIdSchema, UserIdSchema, PrincipalSchema, type Role, type Principal } from './ids';
export { userIdOfKey, userKey } from './user-key';
export { MESSAGE_KINDS, PRIVILEGED_KINDS, MAX_TEXT_CHARS, MAX_RAW_TEXT_CHARS, normalizeText, type MessageKind } from './message-text';
export { ChatMessageSchema, chatMessage, type ChatMessage } from './message';
export { Names, partitionOf } from './subjects';
export type { Channel, PayloadOf, RequestChannel } from './bus/channel';
export {
  CLIENT_EVENT_ERRORS,
  ClientEvent,
  ServerEvent,
  type ClientEventContracts,
  type ClientEventRequest,
  type ClientEventResult,
  type ClientToServerEvents,
  type ClientToServerEventsUnchecked,
  type ServerEventPayloads,
  type ServerToClientEvents,
} from './client/events';
export { roomJoinRequest, RoomJoinRequestSchema, type RoomJoinRequest, type RoomJoinResult } from './client/room-join';
export { roomLeaveRequest, RoomLeaveRequestSchema, type RoomLeaveRequest, type RoomLeaveResult } from './client/room-leave';
export { messageSendRequest, MessageSendRequestSchema, type MessageSendRequest, type MessageSendResult } from './client/message-send';
export { RoomFrameSchema, roomFrame, type RoomFrame, type ShapedCounters } from './client/room-frame';
export { CONTROL_ACTIONS, RoomControlSchema, roomControl, type ControlAction, type RoomControl } from './client/room-control';
export { SESSION_CLOSING_CODES, SessionClosingSchema, type SessionClosing, type SessionClosingCode } from './client/session-closing';
export {
  MAX_TOKEN_CHARS,
  sessionRefreshRequest,
  SessionRefreshRequestSchema,
  type SessionRefreshRequest,
  type SessionRefreshResult,
} from './client/session-refresh';
export { ingestRequest, ingestReply, type IngestRequest, type IngestReply } from './bus/ingest';
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
export { LeaseRecordSchema, MAX_LEASE_TTL_MS, leaseRecord, type LeaseRecordValue } from './bus/lease';
export { RateLimitStateSchema, rateLimitState } from './bus/rate-limit';
