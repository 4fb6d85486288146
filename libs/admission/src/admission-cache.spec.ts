import { ErrorCode, LivecastError, type ModerationRecord } from '@livecast/contracts';
import { AdmissionCache, type AdmissionIntent } from './admission-cache';

const T0 = 1_700_000_000_000;
const permanent: ModerationRecord = { by: 'mod', at: T0 - 1000 };
const forAMinute: ModerationRecord = { by: 'mod', at: T0, until: T0 + 60_000 };

function loadedCache(records: Array<['ban' | 'mute', string, ModerationRecord]> = []): AdmissionCache {
  const cache = new AdmissionCache();
  for (const [action, userId, record] of records) cache.apply('r1', action, userId, record);
  cache.markLoaded('r1');
  return cache;
}

describe('admission: AdmissionCache', () => {
  it('a room is not loaded until marked, even with records applied', () => {
    const cache = new AdmissionCache();
    expect(cache.loaded('r1')).toBe(false);
    cache.apply('r1', 'ban', 'u1', permanent);
    expect(cache.loaded('r1')).toBe(false);
    cache.markLoaded('r1');
    expect(cache.loaded('r1')).toBe(true);
    expect(cache.check('r1', 'u1', T0)).toEqual({ banned: true, muted: false });
  });

  it('fails closed on a room that is not loaded', () => {
    const cache = new AdmissionCache();
    cache.apply('r1', 'ban', 'u1', permanent);
    expect(cache.decide('r1', 'u1', 'join', T0)?.code).toBe(ErrorCode.Unavailable);
    expect(cache.decide('r2', 'u1', 'send', T0)?.code).toBe(ErrorCode.Unavailable);
    expect(() => cache.check('r1', 'u1', T0)).toThrow(expect.objectContaining({ code: ErrorCode.Unavailable }));
  });

  it.each<[string, Array<['ban' | 'mute', string, ModerationRecord]>, AdmissionIntent, number, string | null]>([
    ['nobody restricted, join', [], 'join', T0, null],
    ['nobody restricted, send', [], 'send', T0, null],
    ['banned, join', [['ban', 'u1', permanent]], 'join', T0, ErrorCode.Banned],
    ['banned, send', [['ban', 'u1', permanent]], 'send', T0, ErrorCode.Banned],
    ['muted, join', [['mute', 'u1', permanent]], 'join', T0, null],
    ['muted, send', [['mute', 'u1', permanent]], 'send', T0, ErrorCode.Muted],
    ['banned and muted, send', [['mute', 'u1', permanent], ['ban', 'u1', permanent]], 'send', T0, ErrorCode.Banned],
    ['another user banned', [['ban', 'u2', permanent]], 'send', T0, null],
    ['temporary ban, in force', [['ban', 'u1', forAMinute]], 'join', T0 + 59_999, ErrorCode.Banned],
    ['temporary ban, lapsed', [['ban', 'u1', forAMinute]], 'join', T0 + 60_000, null],
    ['temporary mute, lapsed', [['mute', 'u1', forAMinute]], 'send', T0 + 60_000, null],
  ])('decide: %s', (_name, records, intent, now, expected) => {
    const decision = loadedCache(records).decide('r1', 'u1', intent, now);
    expect(decision === null ? null : decision.code).toBe(expected);
    if (decision !== null) expect(decision).toBeInstanceOf(LivecastError);
  });

  it.each([
    ['nothing', [], { banned: false, muted: false }],
    ['a ban', [['ban', 'u1', permanent]], { banned: true, muted: false }],
    ['a mute', [['mute', 'u1', forAMinute]], { banned: false, muted: true }],
    ['both', [['ban', 'u1', forAMinute], ['mute', 'u1', permanent]], { banned: true, muted: true }],
  ] as Array<[string, Array<['ban' | 'mute', string, ModerationRecord]>, object]>)('check: %s', (_name, records, expected) => {
    expect(loadedCache(records).check('r1', 'u1', T0)).toEqual(expected);
  });

  it('a lifted record stops applying, and the other one stays', () => {
    const cache = loadedCache([['ban', 'u1', permanent], ['mute', 'u1', permanent]]);
    cache.apply('r1', 'ban', 'u1', null);
    expect(cache.check('r1', 'u1', T0)).toEqual({ banned: false, muted: true });
    cache.apply('r1', 'mute', 'u1', null);
    expect(cache.check('r1', 'u1', T0)).toEqual({ banned: false, muted: false });
  });

  it('a later record replaces an earlier one', () => {
    const cache = loadedCache([['ban', 'u1', forAMinute]]);
    cache.apply('r1', 'ban', 'u1', permanent);
    expect(cache.check('r1', 'u1', T0 + 3_600_000).banned).toBe(true);
  });

  it('lifting in a room not cached creates nothing', () => {
    const cache = new AdmissionCache();
    cache.apply('r1', 'ban', 'u1', null);
    expect(cache.size).toBe(0);
  });

  it('rooms are independent', () => {
    const cache = loadedCache([['ban', 'u1', permanent]]);
    cache.markLoaded('r2');
    expect(cache.decide('r2', 'u1', 'join', T0)).toBeNull();
  });

  it('evict forgets a room, which must then be loaded again', () => {
    const cache = loadedCache([['ban', 'u1', permanent]]);
    expect(cache.evict('r1')).toBe(true);
    expect(cache.evict('r1')).toBe(false);
    expect(cache.loaded('r1')).toBe(false);
    expect(cache.size).toBe(0);
  });

  it('past maxRooms evicts the room asked about least recently', () => {
    const cache = new AdmissionCache({ maxRooms: 2 });
    cache.markLoaded('a');
    cache.markLoaded('b');
    cache.decide('a', 'u1', 'send', T0);
    cache.markLoaded('c');
    expect([cache.loaded('a'), cache.loaded('b'), cache.loaded('c')]).toEqual([true, false, true]);
    expect(cache.size).toBe(2);
  });

  it('asking the same room twice in a row still keeps LRU order right', () => {
    const cache = new AdmissionCache({ maxRooms: 2 });
    cache.markLoaded('a');
    cache.loaded('a');
    cache.markLoaded('b');
    cache.evict('b');
    cache.markLoaded('c');
    cache.loaded('a');
    cache.loaded('a');
    cache.markLoaded('d');
    expect([cache.loaded('a'), cache.loaded('c'), cache.loaded('d')]).toEqual([true, false, true]);
  });

  it.each([0, -1, 2.5])('refuses maxRooms %p', (maxRooms) => {
    expect(() => new AdmissionCache({ maxRooms })).toThrow(expect.objectContaining({ code: ErrorCode.Invalid }));
  });
});
