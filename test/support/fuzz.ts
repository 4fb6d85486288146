import fc from 'fast-check';

/** Seeded hostile input from fast-check: a failure prints its seed and path, and shrinks to a small case. */

const NASTY_STRINGS = [
  '',
  ' ',
  'a.b',
  '>',
  '*',
  'lc.deliver.x',
  '__proto__',
  'constructor',
  '\u0000',
  '\u202Ereversed',
  'x'.repeat(65),
  'x'.repeat(3000),
  '😀'.repeat(300),
  '<script>alert(1)</script>',
  'null',
  '{"ok":true}',
];

const FIELDS = ['roomId', 'sinceSeq', 'clientMsgId', 'kind', 'text', 'from', 'gatewayId', 'extra', '__proto__'];

/** A JSON-ish value of bounded depth, biased towards edge cases: nasty strings, extreme numbers, our field names. */
export const hostileValue: fc.Arbitrary<unknown> = fc.anything({
  key: fc.constantFrom(...FIELDS),
  values: [
    fc.constant(null),
    fc.boolean(),
    fc.constantFrom(0, -1, 1.5, Number.MAX_SAFE_INTEGER, -0, 1e308),
    fc.constantFrom(...NASTY_STRINGS),
    fc.string({ maxLength: 20 }),
  ],
  maxDepth: 3,
  maxKeys: 5,
});

/** A payload that is almost valid for `event`, with one field broken (dropped or replaced) and maybe an unexpected one. */
export function nearMiss(event: string, roomId: string): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({ clientMsgId: fc.nat(1e9), drop: fc.boolean(), replacement: hostileValue, extra: fc.option(hostileValue, { nil: undefined }), victim: fc.nat() })
    .map(({ clientMsgId, drop, replacement, extra, victim }) => {
      const base: Record<string, unknown> = event === 'message:send' ? { roomId, clientMsgId: `c${clientMsgId}`, kind: 'chat', text: 'hello' } : { roomId };
      const keys = Object.keys(base);
      const field = keys[victim % keys.length];
      if (drop) delete base[field];
      else base[field] = replacement;
      if (extra !== undefined) base.unexpected = extra;
      return base;
    });
}

/** A client event name and its payload: a near miss of that event half the time, anything else otherwise. */
export function hostileEvent(eventNames: readonly string[], roomId: string): fc.Arbitrary<[string, unknown]> {
  return fc.constantFrom(...eventNames).chain((event) => fc.tuple(fc.constant(event), fc.oneof(nearMiss(event, roomId), hostileValue)));
}

/** A bus message body: JSON of a hostile value, or bytes that are not JSON at all. */
export const hostileBody: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 1, arbitrary: fc.constant('{not json') },
  { weight: 4, arbitrary: hostileValue.map((value) => JSON.stringify(value)) },
).map((text) => new TextEncoder().encode(text));
