import { ErrorCode, LivecastError } from '@livecast/contracts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** JSON to bytes; the one wire encoding of every bus payload. */
export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

/** Bytes to a JSON value, or INVALID when the bytes are not JSON. */
export function decodeJson(data: Uint8Array): unknown {
  return parseJson(decodeText(data));
}

/** UTF-8 bytes to text. */
export function decodeText(data: Uint8Array): string {
  return decoder.decode(data);
}

/** JSON text to a value, or INVALID when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new LivecastError(ErrorCode.Invalid, 'payload is not JSON', undefined, { cause: err });
  }
}
