import { openLeanClient } from './lean-client';
import type { ClientFactory } from './load-client';
import { sharedParseCounters } from './shared-frames';
import { sharedDecoderCounters } from './shared-decoder';
import { openSocketIoClient } from './socketio-client';

/** Which client implementation opens connections. */
export type ClientKind = 'lean' | 'socket.io';
/** Every client kind, for the CLI's choices. */
export const CLIENT_KINDS: readonly ClientKind[] = ['lean', 'socket.io'];

/** The factory of a client kind. */
export function clientFactory(kind: ClientKind): ClientFactory {
  return kind === 'lean' ? openLeanClient : openSocketIoClient;
}

/** Shared-parse hits and misses of whichever client kind ran in this process. */
export function sharedDecodeCounters(): { hits: number; misses: number } {
  const a = sharedParseCounters();
  const b = sharedDecoderCounters();
  return { hits: a.hits + b.hits, misses: a.misses + b.misses };
}
