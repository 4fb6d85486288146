/** Seeded generators of hostile input: reproducible, so a failure can be replayed with its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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

/** A random JSON-ish value of bounded depth, biased towards edge cases. */
export function randomValue(rand: () => number, depth = 0): unknown {
  const pick = Math.floor(rand() * 12);
  switch (pick) {
    case 0:
      return null;
    case 1:
      return rand() < 0.5;
    case 2:
      return [0, -1, 1.5, Number.MAX_SAFE_INTEGER, -0, 1e308][Math.floor(rand() * 6)];
    case 3:
    case 4:
      return NASTY_STRINGS[Math.floor(rand() * NASTY_STRINGS.length)];
    case 5:
      return depth > 2 ? 'deep' : Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
    default:
      return depth > 2 ? {} : randomObject(rand, depth + 1);
  }
}

const FIELDS = ['roomId', 'sinceSeq', 'clientMsgId', 'kind', 'text', 'from', 'gatewayId', 'extra', '__proto__'];

function randomObject(rand: () => number, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const n = Math.floor(rand() * 5);
  for (let i = 0; i < n; i++) out[FIELDS[Math.floor(rand() * FIELDS.length)]] = randomValue(rand, depth);
  return out;
}

/** A payload that is almost valid for `event`, with one field broken. */
export function nearMiss(rand: () => number, event: string, roomId: string): Record<string, unknown> {
  const base: Record<string, unknown> =
    event === 'message:send' ? { roomId, clientMsgId: `c${Math.floor(rand() * 1e9)}`, kind: 'chat', text: 'hello' } : { roomId };
  const keys = Object.keys(base);
  const victim = keys[Math.floor(rand() * keys.length)];
  if (rand() < 0.3) delete base[victim];
  else base[victim] = randomValue(rand);
  if (rand() < 0.2) base.unexpected = randomValue(rand);
  return base;
}
