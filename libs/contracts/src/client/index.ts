// The client entry (`@livecast/contracts/client`): what a client of the socket.io protocol
// needs at run time, without TypeBox. Nothing here compiles a schema or needs eval, so the
// SDK bundles only this and loads under a CSP that forbids eval (ADR 0015).
export { ErrorCode, LivecastError, type Ack, type LivecastErrorOptions, type SendOutcome, type WireError } from '../errors';
export { MAX_RETRY_AFTER_MS } from '../bounds';
export { MAX_RAW_TEXT_CHARS, MAX_TEXT_CHARS, MESSAGE_KINDS, normalizeText, type MessageKind } from '../message-text';
export {
  CLIENT_EVENT_ERRORS,
  ClientEvent,
  ServerEvent,
  type ClientEventContracts,
  type ClientEventRequest,
  type ClientEventResult,
  type ClientToServerEvents,
  type ServerEventPayloads,
  type ServerToClientEvents,
} from './events';
export type {
  ChatMessage,
  MessageSendRequest,
  Principal,
  RoomControl,
  RoomFrame,
  RoomJoinRequest,
  RoomLeaveRequest,
  SessionClosing,
  SessionRefreshRequest,
  ShapedCounters,
} from './wire.generated';
export type { RoomJoinResult } from './room-join';
export type { RoomLeaveResult } from './room-leave';
export type { MessageSendResult } from './message-send';
export type { SessionRefreshResult } from './session-refresh';
export type { ControlAction } from './room-control';
export type { SessionClosingCode } from './session-closing';
export { objectCheck, type FieldCheck, type PayloadCheck } from './field-checks';
export { messageSendRequestCheck, roomJoinRequestCheck } from './request-checks';
