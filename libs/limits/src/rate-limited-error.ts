import { ErrorCode, LivecastError } from '@livecast/contracts';

/** Who ran out of budget: the sender, or the room as a whole. */
export type RateLimitedSubject = 'sender' | 'room';

/** The RATE_LIMITED error for a refused event, telling the user when to try again (rounded up to seconds). */
export function rateLimitedError(retryAfterMs: number, subject: RateLimitedSubject = 'sender'): LivecastError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const wait = `try again in ${seconds} second${seconds === 1 ? '' : 's'}`;
  const message = subject === 'room' ? `This room is too busy right now; ${wait}.` : `You are sending too fast; ${wait}.`;
  return new LivecastError(ErrorCode.RateLimited, message);
}
