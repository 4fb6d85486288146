import { MAX_RETRY_AFTER_MS } from './bounds';

/** Every error code the suite can return, on the wire and in logs. One set for gateway, ingest, membership and SDK. */
export const ErrorCode = {
  Invalid: 'INVALID',
  TooLong: 'TOO_LONG',
  RateLimited: 'RATE_LIMITED',
  Muted: 'MUTED',
  Banned: 'BANNED',
  NotInRoom: 'NOT_IN_ROOM',
  ForbiddenKind: 'FORBIDDEN_KIND',
  RoomClosed: 'ROOM_CLOSED',
  RoomNotFound: 'ROOM_NOT_FOUND',
  RoomExists: 'ROOM_EXISTS',
  Unauthenticated: 'UNAUTHENTICATED',
  /** The connection's token expired and was not refreshed in time (`session:refresh`). */
  SessionExpired: 'SESSION_EXPIRED',
  Forbidden: 'FORBIDDEN',
  /** An unknown HTTP route of the admin API. */
  NotFound: 'NOT_FOUND',
  Limit: 'LIMIT_EXCEEDED',
  Unavailable: 'UNAVAILABLE',
  Internal: 'INTERNAL',
  /** Closing code: the server is restarting; reconnect (to another gateway). */
  ShuttingDown: 'SHUTTING_DOWN',
  /** Closing code: the connection could not keep up with the room's frames. */
  SlowConsumer: 'SLOW_CONSUMER',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const knownCodes = new Set<string>(Object.values(ErrorCode));

/**
 * What became of a request that failed UNAVAILABLE: `unknown` — it may have been stored
 * (an append timed out after it was sent, NATS paused); `not_stored` — nothing was stored.
 * Either way a retry with the same `clientMsgId` is safe: ingest de-duplicates it and
 * answers with the stored message's seq.
 */
export type SendOutcome = 'unknown' | 'not_stored';

const outcomes = new Set<string>(['unknown', 'not_stored']);

/** The error shape inside every failed ack and error reply. */
export interface WireError {
  code: ErrorCode;
  message: string;
  /** Dotted path of the offending field, when one field is to blame. */
  field?: string;
  /** RATE_LIMITED: how long until the same request can succeed, in ms. */
  retryAfterMs?: number;
  /** UNAVAILABLE of a send: whether the message may have been stored. */
  outcome?: SendOutcome;
  /** True when the same request (same clientMsgId) may be sent again as it is. */
  retryable?: boolean;
}

/** What a LivecastError may carry besides code, message and field. */
export interface LivecastErrorOptions {
  cause?: unknown;
  /** RATE_LIMITED: how long until the same request can succeed, in ms (whole, 0 to MAX_RETRY_AFTER_MS). */
  retryAfterMs?: number;
  outcome?: SendOutcome;
  retryable?: boolean;
}

function plausibleRetryAfter(value: unknown): number | undefined {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_RETRY_AFTER_MS ? (value as number) : undefined;
}

/** A failure with a stable code; `toWire` is the only mapping to what clients see. */
export class LivecastError extends Error {
  override readonly name = 'LivecastError';
  /** RATE_LIMITED: how long until the same request can succeed, in ms; undefined otherwise. */
  readonly retryAfterMs?: number;
  /** UNAVAILABLE of a send: `unknown` when it may have been stored, `not_stored` when not. */
  readonly outcome?: SendOutcome;
  readonly retryable?: boolean;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    options?: LivecastErrorOptions,
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    const retryAfterMs = plausibleRetryAfter(options?.retryAfterMs);
    if (retryAfterMs !== undefined) this.retryAfterMs = retryAfterMs;
    if (options?.outcome !== undefined && outcomes.has(options.outcome)) this.outcome = options.outcome;
    if (typeof options?.retryable === 'boolean') this.retryable = options.retryable;
  }

  toWire(): WireError {
    const wire: WireError = { code: this.code, message: this.message };
    if (this.field !== undefined) wire.field = this.field;
    if (this.retryAfterMs !== undefined) wire.retryAfterMs = this.retryAfterMs;
    if (this.outcome !== undefined) wire.outcome = this.outcome;
    if (this.retryable !== undefined) wire.retryable = this.retryable;
    return wire;
  }

  /** Rebuilds an error that crossed the bus or came in an ack; unknown codes become INTERNAL rather than leaking, implausible extras are dropped. */
  static fromWire(wire: WireError): LivecastError {
    const code = knownCodes.has(wire.code) ? wire.code : ErrorCode.Internal;
    return new LivecastError(code, wire.message, wire.field, { retryAfterMs: wire.retryAfterMs, outcome: wire.outcome, retryable: wire.retryable });
  }

  /** Wraps anything thrown into a LivecastError, hiding internals of unexpected failures. */
  static from(err: unknown): LivecastError {
    if (err instanceof LivecastError) return err;
    return new LivecastError(ErrorCode.Internal, 'internal error', undefined, { cause: err });
  }
}

/** The ack every client event gets. */
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: WireError };

/** The callback socket.io hands a server handler for an event's ack. */
export type AckCallback<T extends object> = (ack: Ack<T>) => void;

export function okAck<T extends object>(body: T): Ack<T> {
  return { ok: true, ...body };
}

export function errorAck(err: unknown): { ok: false; error: WireError } {
  return { ok: false, error: LivecastError.from(err).toWire() };
}
