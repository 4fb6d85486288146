// Every viewer of a room receives the very same frame bytes (the gateway encodes a frame
// once and writes the same WebSocket frame to each socket), so the lean client compares a
// message's bytes with the few most recent ones and reuses their parse: a frame costs one
// JSON.parse per process, not one per socket. Consumers must treat the result as read-only.

const CACHE_SIZE = 8;
const buffers: (Buffer | undefined)[] = new Array<Buffer | undefined>(CACHE_SIZE).fill(undefined);
const parsed: unknown[] = new Array<unknown>(CACHE_SIZE).fill(undefined);
let next = 0;
const counters = { hits: 0, misses: 0 };

/**
 * The parsed JSON of `data.subarray(offset)`, shared by every caller that passes equal
 * bytes while they are among the last few distinct messages. Throws on malformed JSON.
 */
export function sharedParse(data: Buffer, offset: number): unknown {
  for (let k = 0, i = next; k < CACHE_SIZE; k++) {
    i = i === 0 ? CACHE_SIZE - 1 : i - 1;
    const cached = buffers[i];
    if (cached !== undefined && cached.length === data.length && cached.equals(data)) {
      counters.hits++;
      return parsed[i];
    }
  }
  counters.misses++;
  const value: unknown = JSON.parse(data.toString('utf8', offset));
  buffers[next] = data;
  parsed[next] = value;
  next = (next + 1) % CACHE_SIZE;
  return value;
}

/** How often a message was found already parsed (reported in the summary). */
export function sharedParseCounters(): { hits: number; misses: number } {
  return { ...counters };
}
