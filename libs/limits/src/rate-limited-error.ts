import { ErrorCode, LivecastError, type WireError } from '@livecast/contracts';

/** Who ran out of budget: the sender, or the room as a whole. */
export type RateLimitedSubject = 'sender' | 'room';

/** Waits up to this long get a shared, pre-built refusal ack. */
const MAX_SHARED_SECONDS = 3600;
const sharedAcks: { ok: false; error: WireError }[] = [];

function message(seconds: number, subject: RateLimitedSubject): string {
  const wait = `try again in ${seconds} second${seconds === 1 ? '' : 's'}`;
  return subject === 'room' ? `This room is too busy right now; ${wait}.` : `You are sending too fast; ${wait}.`;
}

function secondsOf(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 1000));
}

/** The RATE_LIMITED error for a refused event, telling the user when to try again (rounded up to seconds). */
export function rateLimitedError(retryAfterMs: number, subject: RateLimitedSubject = 'sender'): LivecastError {
  return new LivecastError(ErrorCode.RateLimited, message(secondsOf(retryAfterMs), subject));
}

/**
 * The failed ack of a sender's refused event, as `errorAck(rateLimitedError(...))` would
 * build it, but shared per wait in seconds and without an Error (no stack capture): a
 * client flooding events is refused at the cost of a lookup.
 */
export function rateLimitedAck(retryAfterMs: number): { ok: false; error: WireError } {
  const seconds = secondsOf(retryAfterMs);
  if (seconds > MAX_SHARED_SECONDS) return { ok: false, error: { code: ErrorCode.RateLimited, message: message(seconds, 'sender') } };
  return (sharedAcks[seconds] ??= Object.freeze({ ok: false as const, error: Object.freeze({ code: ErrorCode.RateLimited, message: message(seconds, 'sender') }) }));
}
