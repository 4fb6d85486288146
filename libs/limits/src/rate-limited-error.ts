import { ErrorCode, LivecastError, MAX_RETRY_AFTER_MS, type WireError } from '@livecast/contracts';

/** Who ran out of budget: the sender, the room as a whole, or the room's priority lane (what screens can show of system/gift). */
export type RateLimitedSubject = 'sender' | 'room' | 'priority';

const REFUSALS: Record<RateLimitedSubject, string> = {
  sender: 'You are sending too fast',
  room: 'This room is too busy right now',
  priority: 'This room already gets all the highlighted messages its screens can show',
};

/** Waits up to this long get a shared, pre-built refusal ack. */
const MAX_SHARED_SECONDS = 3600;
const sharedAcks: { ok: false; error: WireError }[] = [];

function message(seconds: number, subject: RateLimitedSubject): string {
  return `${REFUSALS[subject]}; try again in ${seconds} second${seconds === 1 ? '' : 's'}.`;
}

/** The wait in whole seconds (at least one, at most MAX_RETRY_AFTER_MS). */
function secondsOf(retryAfterMs: number): number {
  return Math.min(MAX_RETRY_AFTER_MS / 1000, Math.max(1, Math.ceil(retryAfterMs / 1000)));
}

/**
 * The RATE_LIMITED error for a refused event: the message tells the user when to try
 * again, `retryAfterMs` tells a client; both rounded up to whole seconds.
 */
export function rateLimitedError(retryAfterMs: number, subject: RateLimitedSubject = 'sender'): LivecastError {
  const seconds = secondsOf(retryAfterMs);
  return new LivecastError(ErrorCode.RateLimited, message(seconds, subject), undefined, { retryAfterMs: seconds * 1000 });
}

/**
 * The failed ack of a sender's refused event, as `errorAck(rateLimitedError(...))` would
 * build it, but shared per wait in seconds and without an Error (no stack capture): a
 * client flooding events is refused at the cost of a lookup.
 */
export function rateLimitedAck(retryAfterMs: number): { ok: false; error: WireError } {
  const seconds = secondsOf(retryAfterMs);
  const error = () => ({ code: ErrorCode.RateLimited, message: message(seconds, 'sender'), retryAfterMs: seconds * 1000 });
  if (seconds > MAX_SHARED_SECONDS) return { ok: false, error: error() };
  return (sharedAcks[seconds] ??= Object.freeze({ ok: false as const, error: Object.freeze(error()) }));
}
