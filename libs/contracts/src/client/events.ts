import { ErrorCode, type AckCallback } from '../errors';
import type { MessageSendRequest, MessageSendResult } from './message-send';
import type { RoomControl } from './room-control';
import type { RoomFrame } from './room-frame';
import type { RoomJoinRequest, RoomJoinResult } from './room-join';
import type { RoomLeaveRequest, RoomLeaveResult } from './room-leave';
import type { SessionClosing } from './session-closing';
import type { SessionRefreshRequest, SessionRefreshResult } from './session-refresh';

/** Socket.io event names, client → server. Every one carries an ack. */
export const ClientEvent = {
  RoomJoin: 'room:join',
  RoomLeave: 'room:leave',
  MessageSend: 'message:send',
  /** A new token for the same user, before the current one expires. */
  SessionRefresh: 'session:refresh',
} as const;
export type ClientEvent = (typeof ClientEvent)[keyof typeof ClientEvent];

/** Socket.io event names, server → client. */
export const ServerEvent = {
  RoomFrame: 'room:frame',
  RoomControl: 'room:control',
  /** Sent once before the server closes a connection on purpose. */
  Disconnecting: 'session:closing',
} as const;
export type ServerEvent = (typeof ServerEvent)[keyof typeof ServerEvent];

/**
 * The client protocol in one place: for each client event its request payload, the body of
 * a successful ack and the error codes a failed ack can carry. A new event is one entry
 * here plus its schema; the gateway's handlers and the SDK are typed from this map.
 */
export interface ClientEventContracts {
  [ClientEvent.RoomJoin]: { request: RoomJoinRequest; result: RoomJoinResult };
  [ClientEvent.RoomLeave]: { request: RoomLeaveRequest; result: RoomLeaveResult };
  [ClientEvent.MessageSend]: { request: MessageSendRequest; result: MessageSendResult };
  [ClientEvent.SessionRefresh]: { request: SessionRefreshRequest; result: SessionRefreshResult };
}

/** Payloads of server → client events. */
export interface ServerEventPayloads {
  [ServerEvent.RoomFrame]: RoomFrame;
  [ServerEvent.RoomControl]: RoomControl;
  [ServerEvent.Disconnecting]: SessionClosing;
}

export type ClientEventRequest<E extends ClientEvent> = ClientEventContracts[E]['request'];
export type ClientEventResult<E extends ClientEvent> = ClientEventContracts[E]['result'];

const ALWAYS = [ErrorCode.Invalid, ErrorCode.RateLimited, ErrorCode.SessionExpired, ErrorCode.Internal] as const;

/** The error codes each client event's failed ack can carry (INVALID, RATE_LIMITED, SESSION_EXPIRED and INTERNAL always can). */
export const CLIENT_EVENT_ERRORS: { readonly [E in ClientEvent]: readonly ErrorCode[] } = {
  [ClientEvent.RoomJoin]: [...ALWAYS, ErrorCode.RoomNotFound, ErrorCode.RoomClosed, ErrorCode.Banned, ErrorCode.Limit, ErrorCode.Unavailable],
  [ClientEvent.RoomLeave]: [...ALWAYS],
  [ClientEvent.MessageSend]: [
    ...ALWAYS,
    ErrorCode.TooLong,
    ErrorCode.Unauthenticated,
    ErrorCode.NotInRoom,
    ErrorCode.Muted,
    ErrorCode.Banned,
    ErrorCode.ForbiddenKind,
    ErrorCode.RoomClosed,
    ErrorCode.RoomNotFound,
    ErrorCode.Unavailable,
  ],
  [ClientEvent.SessionRefresh]: [...ALWAYS, ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.Unavailable],
};

/** What socket.io-client's `Socket` is typed with: requests as the SDK sends them. */
export type ClientToServerEvents = {
  [E in ClientEvent]: (payload: ClientEventRequest<E>, ack: AckCallback<ClientEventResult<E>>) => void;
};

/**
 * What the gateway's socket.io `Server` is typed with: a client may send anything, so
 * payloads are unknown until validated, and the ack is whatever the packet carried.
 */
export type ClientToServerEventsUnchecked = {
  [E in ClientEvent]: (payload: unknown, ack: unknown) => void;
};

export type ServerToClientEvents = {
  [E in ServerEvent]: (payload: ServerEventPayloads[E]) => void;
};
