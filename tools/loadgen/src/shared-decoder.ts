import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';

// Every viewer of a room receives the very same frame bytes (the gateway encodes a frame
// once), so parsing them once per process instead of once per socket removes the load
// generator's biggest per-frame cost. Only plain event packets of the main namespace
// without an ack id (`2[...`) are shared; their decoded packet is never mutated by
// socket.io-client on that path (it only pushes an ack callback when the packet has an id).

const CACHE_SIZE = 8;
const rawCache: string[] = new Array<string>(CACHE_SIZE).fill('');
const packetCache: (Packet | undefined)[] = new Array<Packet | undefined>(CACHE_SIZE).fill(undefined);
let next = 0;
const counters = { hits: 0, misses: 0 };

const TYPE_EVENT = 0x32; // '2'
const OPEN_BRACKET = 0x5b; // '['

function sharedPacket(raw: string): Packet {
  // Newest first: the frame just decoded for one socket is usually the next socket's too.
  for (let k = 0, i = next; k < CACHE_SIZE; k++) {
    i = i === 0 ? CACHE_SIZE - 1 : i - 1;
    if (rawCache[i] === raw) {
      counters.hits++;
      return packetCache[i] as Packet;
    }
  }
  counters.misses++;
  const packet: Packet = { type: PacketType.EVENT, nsp: '/', data: JSON.parse(raw.slice(1)) };
  rawCache[next] = raw;
  packetCache[next] = packet;
  next = (next + 1) % CACHE_SIZE;
  return packet;
}

/** A socket.io-parser Decoder that decodes a repeated event packet once per process. */
export class SharedEventDecoder extends Decoder {
  override add(obj: unknown): void {
    if (typeof obj === 'string' && obj.length > 2 && obj.charCodeAt(0) === TYPE_EVENT && obj.charCodeAt(1) === OPEN_BRACKET) {
      let packet: Packet;
      try {
        packet = sharedPacket(obj);
      } catch {
        super.add(obj); // let the stock decoder report the malformed packet its own way
        return;
      }
      this.emitReserved('decoded', packet);
      return;
    }
    super.add(obj);
  }
}

/** The `parser` option for socket.io-client: stock encoder, sharing decoder. */
export const sharedParser = { Encoder, Decoder: SharedEventDecoder };

/** How often a frame was found already decoded (for the summary: the decoder's effect). */
export function sharedDecoderCounters(): { hits: number; misses: number } {
  return { ...counters };
}
