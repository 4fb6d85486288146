import { ErrorCode, type ModerationRecord } from '@livecast/contracts';
import { bannedError, describeRemaining, mutedError } from './admission-errors';

const T0 = 1_700_000_000_000;
const MIN = 60_000;

describe('admission: errors', () => {
  it.each([
    [0, '1 second'],
    [1, '1 second'],
    [1_500, '2 seconds'],
    [59_000, '59 seconds'],
    [MIN, '1 minute'],
    [MIN + 1, '2 minutes'],
    [60 * MIN, '1 hour'],
    [47 * 60 * MIN, '47 hours'],
    [48 * 60 * MIN, '2 days'],
    [365 * 24 * 60 * MIN, '365 days'],
  ])('describeRemaining(%d) = %s', (ms, text) => {
    expect(describeRemaining(ms)).toBe(text);
  });

  it.each<[string, ModerationRecord, string]>([
    ['permanent ban', { by: 'm', at: T0 }, 'You are banned from this room.'],
    ['ban with reason', { by: 'm', at: T0, reason: 'spam' }, 'You are banned from this room. Reason: spam'],
    ['timed ban', { by: 'm', at: T0, until: T0 + 10 * MIN }, 'You are banned from this room for another 10 minutes.'],
  ])('bannedError: %s', (_name, record, message) => {
    expect(bannedError(record, T0).toWire()).toEqual({ code: ErrorCode.Banned, message });
  });

  it.each<[string, ModerationRecord, string]>([
    ['permanent mute', { by: 'm', at: T0 }, 'You are muted in this room and cannot send messages.'],
    [
      'timed mute with reason',
      { by: 'm', at: T0, until: T0 + 30_000, reason: 'calm down' },
      'You are muted in this room and cannot send messages for another 30 seconds. Reason: calm down',
    ],
  ])('mutedError: %s', (_name, record, message) => {
    expect(mutedError(record, T0).toWire()).toEqual({ code: ErrorCode.Muted, message });
  });
});
