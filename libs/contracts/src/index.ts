export { ErrorCode, LivecastError, errorAck, okAck, type Ack, type WireError } from './errors';
export { createValidator, type Validator } from './validation';
export { ROLES, RoleSchema, RoomIdSchema, UserIdSchema, PrincipalSchema, type Role, type Principal } from './ids';
export {
  MESSAGE_KINDS,
  PRIVILEGED_KINDS,
  MAX_TEXT_CHARS,
  MAX_RAW_TEXT_CHARS,
  ChatMessageSchema,
  normalizeText,
  type ChatMessage,
  type MessageKind,
} from './message';
export { Names, partitionOf } from './subjects';
export { TokenClaimsSchema, tokenClaims, type TokenClaims } from './auth';
export { ClientEvent, ServerEvent } from './client/events';
export { roomJoinRequest, RoomJoinRequestSchema, type RoomJoinRequest, type RoomJoinResult } from './client/room-join';
export { roomLeaveRequest, RoomLeaveRequestSchema, type RoomLeaveRequest } from './client/room-leave';
export { messageSendRequest, MessageSendRequestSchema, type MessageSendRequest, type MessageSendResult } from './client/message-send';
export { RoomFrameSchema, type RoomFrame, type ShapedCounters } from './client/room-frame';
export { CONTROL_ACTIONS, RoomControlSchema, type ControlAction, type RoomControl } from './client/room-control';
export { ingestRequest, ingestReply, type IngestRequest, type IngestReply } from './bus/ingest';
export { presenceReport, type PresenceReport } from './bus/presence';
export { busValidators, type BusChannel, type BusPayloads } from './bus/payloads';
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
export { LeaseRecordSchema, leaseRecord, type LeaseRecordValue } from './bus/lease';
