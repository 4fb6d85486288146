/** WebSocket opcodes of data messages (RFC 6455 §5.2). */
export const OPCODE_TEXT = 0x1;
export const OPCODE_BINARY = 0x2;
const FIN = 0x80;
const RSV1 = 0x40;

/** Bytes of the unmasked header that carries a payload of `length` bytes. */
export function headerLength(length: number): number {
  if (length < 126) return 2;
  return length < 65_536 ? 4 : 10;
}

/**
 * Writes the header of an unmasked, final frame at the start of `target` and returns its
 * length. `compressed` sets RSV1: the payload is a permessage-deflate message.
 */
export function writeHeader(target: Buffer, length: number, compressed: boolean, opcode = OPCODE_TEXT): number {
  target[0] = FIN | (compressed ? RSV1 : 0) | opcode;
  if (length < 126) {
    target[1] = length;
    return 2;
  }
  if (length < 65_536) {
    target[1] = 126;
    target.writeUInt16BE(length, 2);
    return 4;
  }
  target[1] = 127;
  target.writeUInt32BE(0, 2);
  target.writeUInt32BE(length, 6);
  return 10;
}

/** One buffer holding a complete server-to-client frame of `payload` (text unless told). */
export function frameOf(payload: Buffer, compressed = false, opcode = OPCODE_TEXT): Buffer {
  const frame = Buffer.allocUnsafe(headerLength(payload.length) + payload.length);
  payload.copy(frame, writeHeader(frame, payload.length, compressed, opcode));
  return frame;
}

/** One buffer holding a complete text frame of a string, encoded as UTF-8 straight into it. */
export function textFrameOf(text: string): Buffer {
  const length = Buffer.byteLength(text);
  const frame = Buffer.allocUnsafe(headerLength(length) + length);
  frame.write(text, writeHeader(frame, length, false));
  return frame;
}
