import type { ServerEvent } from '@livecast/contracts';
import { constants, deflateRawSync } from 'node:zlib';
import { SHARED_DEFLATE_WINDOW_BITS } from './outbox-websocket';
import { frameOf, headerLength } from './ws-frame';

/** Frames smaller than this are not worth compressing (header and deflate block overhead). */
const MIN_DEFLATE_BYTES = 128;
/** permessage-deflate drops the 4-byte tail of a sync flush; the receiver appends it back (RFC 7692 §7.2.1). */
const SYNC_FLUSH_TAIL = Buffer.from([0x00, 0x00, 0xff, 0xff]);

/** zlib level shared frames are compressed with; 0 leaves them plain. */
export type DeflateLevel = number;

/**
 * A server event encoded once for every connection that gets the same bytes: its
 * socket.io packet, the plain WebSocket frame and — made on first use, once — the frame
 * compressed with no context takeover, valid as is for every socket that negotiated
 * permessage-deflate.
 */
export class SharedFrame {
  /** The socket.io packet (`2["event",{...}]`), for engine.io's own path (polling). */
  readonly packet: string;
  /** The complete WebSocket frame of the engine.io message `4` + packet. */
  readonly plain: Buffer;
  private readonly headerBytes: number;
  private compressed: Buffer | undefined;

  constructor(
    readonly event: ServerEvent,
    /** The payload's JSON, to re-encode for a connection that needs its own copy. */
    readonly json: string,
    private readonly level: DeflateLevel,
  ) {
    this.packet = `2["${event}",${json}]`;
    const message = Buffer.from(`4${this.packet}`);
    this.plain = frameOf(message);
    this.headerBytes = headerLength(message.length);
  }

  /** The frame for a socket that takes compressed messages: compressed once, or plain when that would not be smaller. */
  deflated(): Buffer {
    this.compressed ??= this.level > 0 && this.plain.length >= MIN_DEFLATE_BYTES ? compress(this.plain, this.headerBytes, this.level) : this.plain;
    return this.compressed;
  }
}

function compress(plain: Buffer, headerBytes: number, level: number): Buffer {
  const message = plain.subarray(headerBytes);
  const flushed = deflateRawSync(message, { level, windowBits: SHARED_DEFLATE_WINDOW_BITS, finishFlush: constants.Z_SYNC_FLUSH });
  const tail = flushed.length - SYNC_FLUSH_TAIL.length;
  if (tail < 0 || !flushed.subarray(tail).equals(SYNC_FLUSH_TAIL)) return plain;
  const frame = frameOf(flushed.subarray(0, tail), true);
  return frame.length < plain.length ? frame : plain;
}
