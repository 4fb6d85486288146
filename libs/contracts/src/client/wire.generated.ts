// Generated from the TypeBox schemas by libs/contracts/src/client/wire-codegen.ts
// (npm run contracts:generate); wire-codegen.spec.ts fails when it is stale. Do not edit.
// The checks are TypeBox's own compiled code, emitted ahead of time so that the SDK
// validates without eval (a page with CSP script-src 'self' can load it).
/* eslint-disable @typescript-eslint/no-explicit-any -- TypeCompiler.Code output */
import type { FieldCheck } from './field-checks';

export type Principal = {
  /** user id: 1-255 printable characters */
  id: string;
  name: string;
  role: "viewer" | "host" | "moderator" | "admin";
  guest: boolean;
};

export type ChatMessage = {
  /** stream sequence; 0 inside the stored body, set from the stream when read */
  seq: number;
  /** room id: 1-64 of A-Z a-z 0-9 _ - */
  roomId: string;
  kind: "chat" | "gift" | "like" | "system";
  text: string;
  /** client-chosen id, unique per user; retries reuse it */
  clientMsgId: string;
  from: Principal;
  /** accept time, ms since epoch */
  ts: number;
};

export type ShapedCounters = {
  /** chat messages shaped away */
  dropped: number;
  /** likes folded into this count */
  likes: number;
};

export type RoomFrame = {
  /** room id: 1-64 of A-Z a-z 0-9 _ - */
  roomId: string;
  fromSeq: number;
  toSeq: number;
  prevSeq?: number;
  messages: ChatMessage[];
  /** chat messages of this frame an earlier fan-out owner may have shown or dropped: skip those at or below your last toSeq */
  replayed?: number[];
  shaped: ShapedCounters;
  online?: number;
  skipped?: number;
};

export type RoomControl = {
  /** room id: 1-64 of A-Z a-z 0-9 _ - */
  roomId: string;
  action: "kicked" | "banned" | "muted" | "unmuted" | "closed" | "online";
  /** user id: 1-255 printable characters */
  userId?: string;
  reason?: string;
  online?: number;
};

export type SessionClosing = {
  code: "SHUTTING_DOWN" | "SLOW_CONSUMER" | "LIMIT_EXCEEDED" | "SESSION_EXPIRED" | "RATE_LIMITED";
  message: string;
};

export type RoomJoinRequest = {
  /** room id: 1-64 of A-Z a-z 0-9 _ - */
  roomId: string;
  /** last sequence the client saw; catch-up starts after it */
  sinceSeq?: number;
};

export type RoomLeaveRequest = {
  /** room id: 1-64 of A-Z a-z 0-9 _ - */
  roomId: string;
};

export type MessageSendRequest = {
  /** room id: 1-64 of A-Z a-z 0-9 _ - */
  roomId: string;
  /** client-chosen id, unique per user; retries reuse it */
  clientMsgId: string;
  kind: "chat" | "gift" | "like" | "system";
  text: string;
};

export type SessionRefreshRequest = {
  token: string;
};

const roomIdCheck = (() => {
  const local_0 = /^[A-Za-z0-9_-]{1,64}$/;
  return function check(value: any): boolean {
    return (
      (typeof value === 'string') &&
      local_0.test(value)
    )
  }
})();

const sinceSeqCheck = (() => {
  return function check(value: any): boolean {
    return (
      Number.isInteger(value) &&
      value >= 0
    )
  }
})();

const clientMsgIdCheck = (() => {
  const local_0 = /^[A-Za-z0-9_.:-]{1,64}$/;
  return function check(value: any): boolean {
    return (
      (typeof value === 'string') &&
      local_0.test(value)
    )
  }
})();

const kindCheck = (() => {
  return function check(value: any): boolean {
    return (
      (((value === 'chat')) || ((value === 'gift')) || ((value === 'like')) || ((value === 'system')))
    )
  }
})();

const textCheck = (() => {
  return function check(value: any): boolean {
    return (
      (typeof value === 'string') &&
      value.length <= 2000
    )
  }
})();

export const roomJoinRequestFields: Readonly<Record<string, FieldCheck>> = {
  roomId: { required: true, expected: "room id: 1-64 of A-Z a-z 0-9 _ -", check: roomIdCheck },
  sinceSeq: { required: false, expected: "an integer, ≥ 0", check: sinceSeqCheck },
};

export const messageSendRequestFields: Readonly<Record<string, FieldCheck>> = {
  roomId: { required: true, expected: "room id: 1-64 of A-Z a-z 0-9 _ -", check: roomIdCheck },
  clientMsgId: { required: true, expected: "client-chosen id, unique per user; retries reuse it", check: clientMsgIdCheck },
  kind: { required: true, expected: "one of chat, gift, like, system", check: kindCheck },
  text: { required: true, expected: "a string, at most 2000 characters", check: textCheck },
};
