export { createLivecastClient } from './create-client';
export { LivecastClient, DEFAULT_TUNING } from './livecast-client';
export { TokenRefresher, type TokenSource } from './token-refresher';
export { ErrorCode, LivecastError, type ChatMessage, type MessageKind, type RoomControl, type RoomFrame, type ShapedCounters } from '@livecast/contracts';
export type {
  ClientTuning,
  GapInfo,
  LivecastClientEvents,
  LivecastClientOptions,
  ResumeInfo,
  RoomSession,
  RoomSessionEvents,
  RoomSnapshot,
  SessionState,
  SocketLike,
} from './types';
