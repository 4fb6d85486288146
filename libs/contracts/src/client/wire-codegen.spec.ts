import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Static, TObject, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import fc from 'fast-check';
import { ErrorCode } from '../errors';
import type { PrincipalSchema } from '../ids';
import type { ChatMessageSchema } from '../message';
import { objectCheck } from './field-checks';
import type { MessageSendRequestSchema } from './message-send';
import { messageSendRequestCheck, roomJoinRequestCheck } from './request-checks';
import type { RoomControlSchema } from './room-control';
import type { RoomFrameSchema, ShapedCountersSchema } from './room-frame';
import type { RoomJoinRequestSchema } from './room-join';
import type { RoomLeaveRequestSchema } from './room-leave';
import type { SessionClosingSchema } from './session-closing';
import type { SessionRefreshRequestSchema } from './session-refresh';
import { WIRE_CHECKS, generateWireModule } from './wire-codegen';
import * as wire from './wire.generated';

/** True when A and B are the same type (optional properties included, unlike mutual assignability). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <T extends true>(): T | undefined => undefined;

// The written-out types are the schemas' Static types (a compile error otherwise).
same<Same<wire.Principal, Static<typeof PrincipalSchema>>>();
same<Same<wire.ChatMessage, Static<typeof ChatMessageSchema>>>();
same<Same<wire.ShapedCounters, Static<typeof ShapedCountersSchema>>>();
same<Same<wire.RoomFrame, Static<typeof RoomFrameSchema>>>();
same<Same<wire.RoomControl, Static<typeof RoomControlSchema>>>();
same<Same<wire.SessionClosing, Static<typeof SessionClosingSchema>>>();
same<Same<wire.RoomJoinRequest, Static<typeof RoomJoinRequestSchema>>>();
same<Same<wire.RoomLeaveRequest, Static<typeof RoomLeaveRequestSchema>>>();
same<Same<wire.MessageSendRequest, Static<typeof MessageSendRequestSchema>>>();
same<Same<wire.SessionRefreshRequest, Static<typeof SessionRefreshRequestSchema>>>();

/** Values near and far from what a property schema accepts. */
function candidates(schema: TSchema): fc.Arbitrary<unknown> {
  const near: fc.Arbitrary<unknown>[] = [fc.anything(), fc.constant(undefined), fc.integer({ min: -3, max: 3 }), fc.double()];
  if (typeof schema['pattern'] === 'string') near.push(fc.stringMatching(new RegExp(schema['pattern'] as string)), fc.string({ maxLength: 70 }));
  if (typeof schema['maxLength'] === 'number') near.push(fc.string({ minLength: (schema['maxLength'] as number) - 2, maxLength: (schema['maxLength'] as number) + 2 }));
  if (Array.isArray(schema['anyOf'])) near.push(fc.constantFrom(...(schema['anyOf'] as TSchema[]).map((member) => member['const'] as unknown)));
  return fc.oneof(...near);
}

function payloads(schema: TObject): fc.Arbitrary<unknown> {
  const fields = Object.fromEntries(Object.entries(schema.properties).map(([key, property]) => [key, candidates(property)]));
  const record = fc.record(fields, { requiredKeys: [] });
  const extra = fc.tuple(record, fc.string({ maxLength: 8 }), fc.anything()).map(([value, key, extraValue]) => ({ ...value, [key]: extraValue }));
  return fc.oneof(record, extra, fc.anything());
}

describe('contracts: wire-codegen', () => {
  it('wire.generated.ts is what the schemas generate (else run npm run contracts:generate)', () => {
    expect(readFileSync(join(__dirname, 'wire.generated.ts'), 'utf8')).toBe(generateWireModule());
  });

  it.each(Object.entries(WIRE_CHECKS))('%s accepts exactly what the compiled schema accepts', (name, schema) => {
    const compiled = TypeCompiler.Compile(schema);
    const check = objectCheck(wire[name as keyof typeof wire] as never);
    fc.assert(
      fc.property(payloads(schema), (payload) => check.is(payload) === compiled.Check(payload)),
      { numRuns: 3000 },
    );
  });

  it('names the offending field in a typed INVALID error', () => {
    const bad = [
      [{ roomId: 'two words' }, 'roomId', 'roomId: expected room id: 1-64 of A-Z a-z 0-9 _ -'],
      [{ roomId: 'r1', sinceSeq: -1 }, 'sinceSeq', 'sinceSeq: expected an integer, ≥ 0'],
      [{ roomId: 'r1', extra: 1 }, 'extra', 'extra: unknown field'],
      [{}, 'roomId', 'roomId: required'],
    ] as const;
    for (const [payload, field, message] of bad) {
      expect(() => roomJoinRequestCheck.parse(payload)).toThrow(expect.objectContaining({ code: ErrorCode.Invalid, field, message }));
    }
    expect(() => messageSendRequestCheck.parse(null)).toThrow(expect.objectContaining({ code: ErrorCode.Invalid, field: undefined, message: 'expected an object' }));
    expect(messageSendRequestCheck.parse({ roomId: 'r1', clientMsgId: 'c-1', kind: 'gift', text: 'hi' })).toEqual({ roomId: 'r1', clientMsgId: 'c-1', kind: 'gift', text: 'hi' });
  });
});
