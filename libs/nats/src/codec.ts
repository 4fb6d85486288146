import { ErrorCode, LivecastError } from '@livecast/contracts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** JSON to bytes; the one wire encoding of every bus payload. */
export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

/** Bytes to a JSON value, or INVALID when the bytes are not JSON. */
export function decodeJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(data));
  } catch (err) {
    throw new LivecastError(ErrorCode.Invalid, 'payload is not JSON', undefined, { cause: err });
  }
}
