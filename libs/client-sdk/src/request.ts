import { ErrorCode, LivecastError, type ClientEvent, type ClientEventRequest, type ClientEventResult, type WireError } from '@livecast/contracts/client';
import type { SocketLike } from './types';

function isWireError(value: unknown): value is WireError {
  return typeof value === 'object' && value !== null && typeof (value as WireError).code === 'string' && typeof (value as WireError).message === 'string';
}

/** Turns whatever a failed connection attempt reports into a LivecastError (the handshake's wire error when there is one). */
export function connectError(err: unknown): LivecastError {
  const data = (err as { data?: unknown } | null)?.data;
  if (isWireError(data)) return LivecastError.fromWire(data);
  const message = err instanceof Error ? err.message : 'connection failed';
  return new LivecastError(ErrorCode.Unavailable, `cannot connect: ${message}`, undefined, { cause: err });
}

/**
 * Emits a client event and unwraps its ack: the `{ ok: true, ... }` body, or the wire
 * error thrown as a LivecastError. No answer within `timeoutMs` is UNAVAILABLE, which
 * callers may retry.
 */
export async function request<E extends ClientEvent>(socket: SocketLike, event: E, payload: ClientEventRequest<E>, timeoutMs: number): Promise<ClientEventResult<E>> {
  let ack: unknown;
  try {
    ack = await socket.timeout(timeoutMs).emitWithAck(event, payload);
  } catch (err) {
    throw new LivecastError(ErrorCode.Unavailable, `${event}: no answer within ${timeoutMs} ms`, undefined, { cause: err });
  }
  if (typeof ack !== 'object' || ack === null || typeof (ack as { ok?: unknown }).ok !== 'boolean') {
    throw new LivecastError(ErrorCode.Internal, `${event}: malformed ack`);
  }
  const body = ack as { ok: boolean; error?: unknown };
  if (!body.ok) {
    throw isWireError(body.error) ? LivecastError.fromWire(body.error) : new LivecastError(ErrorCode.Internal, `${event}: malformed error ack`);
  }
  return ack as ClientEventResult<E>;
}
