export { createLivecastClient } from './create-client';
export { LivecastClient, DEFAULT_TUNING } from './livecast-client';
export { DEFAULT_FAILOVER, FailoverSocket, type FailoverOptions, type SocketFactory, type SocketListener } from './failover-socket';
export { TokenRefresher, type RefreshHost, type TokenSource } from './token-refresher';
export type { Listener } from './emitter';
export {
  ClientEvent,
  ErrorCode,
  LivecastError,
  MAX_RETRY_AFTER_MS,
  MAX_TEXT_CHARS,
  MESSAGE_KINDS,
  ServerEvent,
  type ChatMessage,
  type ClientEventContracts,
  type ClientEventRequest,
  type ClientEventResult,
  type ClientToServerEvents,
  type ControlAction,
  type MessageKind,
  type Principal,
  type RoomControl,
  type RoomFrame,
  type RoomJoinResult,
  type ServerEventPayloads,
  type ServerToClientEvents,
  type SessionClosing,
  type SessionRefreshRequest,
  type SessionRefreshResult,
  type ShapedCounters,
  type WireError,
} from '@livecast/contracts/client';
export type {
  ClientState,
  ClientTuning,
  GapInfo,
  LivecastClientEvents,
  LivecastClientOptions,
  ResumeInfo,
  RoomSession,
  RoomSessionEvents,
  RoomSnapshot,
  SessionState,
  SocketEventName,
  SocketLike,
} from './types';
