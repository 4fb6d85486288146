import { ErrorCode, LivecastError, type ModerationRecord } from '@livecast/contracts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function count(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** A remaining time in the largest unit that reads naturally, rounded up so it never understates. */
export function describeRemaining(ms: number): string {
  if (ms < MINUTE) return count(Math.max(1, Math.ceil(ms / SECOND)), 'second');
  if (ms < HOUR) return count(Math.ceil(ms / MINUTE), 'minute');
  if (ms < 2 * DAY) return count(Math.ceil(ms / HOUR), 'hour');
  return count(Math.ceil(ms / DAY), 'day');
}

function details(record: ModerationRecord, now: number): string {
  const duration = record.until === undefined ? '' : ` for another ${describeRemaining(record.until - now)}`;
  const reason = record.reason === undefined || record.reason === '' ? '' : ` Reason: ${record.reason}`;
  return `${duration}.${reason}`;
}

/** BANNED, telling the user how long the ban lasts and why, when the moderator said. */
export function bannedError(record: ModerationRecord, now: number): LivecastError {
  return new LivecastError(ErrorCode.Banned, `You are banned from this room${details(record, now)}`);
}

/** MUTED, telling the user they may watch but not send, for how long and why. */
export function mutedError(record: ModerationRecord, now: number): LivecastError {
  return new LivecastError(ErrorCode.Muted, `You are muted in this room and cannot send messages${details(record, now)}`);
}

/** UNAVAILABLE, for a decision asked before the room's moderation state was loaded. */
export function notLoadedError(): LivecastError {
  return new LivecastError(ErrorCode.Unavailable, 'This room is still loading; try again in a moment.');
}
