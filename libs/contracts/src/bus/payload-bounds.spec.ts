import { moderationRecord } from '../admin/moderation';
import { roomRecord } from '../admin/rooms';
import { MAX_COUNT, MAX_TIMESTAMP_MS } from '../bounds';
import { ErrorCode } from '../errors';
import { ingestReply } from './ingest';
import { leaseRecord } from './lease';
import { limitLendReply, limitLendRequest } from './limit-lend';
import { roomControl } from '../client/room-control';
import { roomFrame } from '../client/room-frame';
import { MAX_GATEWAY_CONNECTIONS, MAX_ROOMS_PER_REPORT, presenceReport, type PresenceReport } from './presence';

const snapshot: PresenceReport = { gatewayId: 'gateway-1', epoch: 'e1', seq: 3, kind: 'snapshot', heartbeatMs: 2000, rooms: { r1: 5 } };
const manyRooms = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`room-${i}`, 1]));
const message = { seq: 7, roomId: 'r1', kind: 'chat', text: 'hi', clientMsgId: 'c1', from: { id: 'u1', name: 'U', role: 'viewer', guest: false }, ts: 1_700_000_000_000 };
const frame = { roomId: 'r1', fromSeq: 7, toSeq: 7, messages: [message], shaped: { dropped: 0, likes: 0 } };

describe('contracts: every bus and KV number is bounded', () => {
  it.each([
    ['a plausible snapshot', snapshot, true],
    ['a delta with a leave', { ...snapshot, kind: 'delta', rooms: { r1: -2 } }, true],
    ['the 1e12 ms heartbeat', { ...snapshot, heartbeatMs: 1e12 }, false],
    ['a heartbeat under 100 ms', { ...snapshot, heartbeatMs: 10 }, false],
    ['a room count of 10^12', { ...snapshot, rooms: { r1: 1e12 } }, false],
    ['a count above one gateway', { ...snapshot, rooms: { r1: MAX_GATEWAY_CONNECTIONS + 1 } }, false],
    ['a negative snapshot count', { ...snapshot, rooms: { r1: -1 } }, false],
    ['a fractional count', { ...snapshot, rooms: { r1: 1.5 } }, false],
    ['a delta beyond one gateway', { ...snapshot, kind: 'delta', rooms: { r1: -MAX_GATEWAY_CONNECTIONS - 1 } }, false],
    ['the most rooms a report may carry', { ...snapshot, rooms: manyRooms(MAX_ROOMS_PER_REPORT) }, true],
    ['one room more', { ...snapshot, rooms: manyRooms(MAX_ROOMS_PER_REPORT + 1) }, false],
    ['an empty epoch', { ...snapshot, epoch: '' }, false],
    ['an unsafe seq', { ...snapshot, seq: 2 ** 60 }, false],
    ['a room id that is not a subject token', { ...snapshot, rooms: { 'a.b': 1 } }, false],
  ])('presence: %s', (_name, report, ok) => {
    expect(presenceReport.is(report)).toBe(ok);
  });

  it.each([
    ['a viewer key and limit', { key: 'u.alice', limit: { rate: 20, per: 30_000, burst: 20 } }, true],
    ['an encoded user key', { key: 'u.=w6lsw6h2ZQ', limit: { rate: 0.5, per: 1000, burst: 1 } }, true],
    ['a key with a wildcard', { key: 'u.>', limit: { rate: 20, per: 30_000, burst: 20 } }, false],
    ['a rate of 10^12', { key: 'r.r1', limit: { rate: 1e12, per: 1000, burst: 1 } }, false],
    ['a period beyond a day', { key: 'r.r1', limit: { rate: 1, per: 1e12, burst: 1 } }, false],
    ['a zero burst', { key: 'r.r1', limit: { rate: 1, per: 1000, burst: 0 } }, false],
  ])('limit lend request: %s', (_name, request, ok) => {
    expect(limitLendRequest.is(request)).toBe(ok);
  });

  it('limit lend reply: the retry hint is bounded', () => {
    expect(limitLendReply.is({ granted: false, retryAfterMs: 1500 })).toBe(true);
    expect(limitLendReply.is({ granted: false, retryAfterMs: 1e15 })).toBe(false);
    expect(limitLendReply.is({ granted: true, retryAfterMs: -1 })).toBe(false);
  });

  it.each([
    ['a plausible frame', frame, true],
    ['an online count of 10^12', { ...frame, online: 1e12 }, false],
    ['an unsafe sequence', { ...frame, toSeq: 1e300 }, false],
    ['a dropped count beyond any room', { ...frame, shaped: { dropped: MAX_COUNT + 1, likes: 0 } }, false],
    ['a message time after 2100', { ...frame, messages: [{ ...message, ts: MAX_TIMESTAMP_MS + 1 }] }, false],
  ])('frame: %s', (_name, value, ok) => {
    expect(roomFrame.is(value)).toBe(ok);
  });

  it.each([
    ['control online of 10^12', roomControl, { roomId: 'r1', action: 'online', online: 1e12 }],
    ['a lease that never expires', leaseRecord, { owner: 'fanout-1', expiresAt: 1e15 }],
    ['a ban until the year 33658', moderationRecord, { by: 'mod-1', at: 1_700_000_000_000, until: 1e15 }],
    ['a room created at -1', roomRecord, { id: 'r1', title: 'T', hostId: 'h1', status: 'open', createdAt: -1 }],
    ['an ingest ack with a time beyond 2100', ingestReply, { ok: true, seq: 1, duplicate: false, ts: 1e15 }],
    ['a retry hint of 30 years', ingestReply, { ok: false, error: { code: ErrorCode.RateLimited, message: 'wait', retryAfterMs: 1e12 } }],
  ] as const)('refuses %s', (_name, validator, value) => {
    expect(validator.is(value)).toBe(false);
  });

  it('keeps a typed retry hint on a refusal', () => {
    expect(ingestReply.is({ ok: false, error: { code: ErrorCode.RateLimited, message: 'wait', retryAfterMs: 750 } })).toBe(true);
  });
});
