import { ErrorCode, LivecastError } from '@livecast/contracts';
import { PresenceTable, type PresenceTableOptions } from './presence-table';
import type { PresenceListener } from './types';

function recorder(): { listener: PresenceListener; events: string[] } {
  const events: string[] = [];
  return {
    events,
    listener: {
      onRoomCreated: (roomId) => events.push(`created ${roomId}`),
      onRoomDeleted: (roomId) => events.push(`deleted ${roomId}`),
      onCountChanged: (roomId, delta) => events.push(`count ${roomId} ${delta > 0 ? '+' : ''}${delta}`),
    },
  };
}

function table(options: Partial<PresenceTableOptions> = {}): PresenceTable {
  return new PresenceTable({ maxConnectionsPerUser: 5, maxRoomsPerConnection: 10, ...options });
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof LivecastError ? err.code : 'not a LivecastError';
  }
  return undefined;
}

describe('presence table: options', () => {
  it.each([
    ['maxConnectionsPerUser', { maxConnectionsPerUser: 0 }],
    ['maxConnectionsPerUser', { maxConnectionsPerUser: 1.5 }],
    ['maxRoomsPerConnection', { maxRoomsPerConnection: -1 }],
    ['maxRoomsPerConnection', { maxRoomsPerConnection: Number.NaN }],
  ])('rejects a bad %s', (field, options) => {
    expect(() => table(options)).toThrow(expect.objectContaining({ code: ErrorCode.Invalid, field }));
  });
});

describe('presence table: join and leave', () => {
  type Step = ['join' | 'leave', string, string, boolean];
  const cases: Array<{ name: string; steps: Step[]; events: string[] }> = [
    {
      name: 'first join creates the room, second does not',
      steps: [
        ['join', 'c1', 'r1', true],
        ['join', 'c2', 'r1', false],
      ],
      events: ['created r1', 'count r1 +1', 'count r1 +1'],
    },
    {
      name: 'joining twice is idempotent and silent',
      steps: [
        ['join', 'c1', 'r1', true],
        ['join', 'c1', 'r1', false],
      ],
      events: ['created r1', 'count r1 +1'],
    },
    {
      name: 'last leave deletes the room, an earlier one does not',
      steps: [
        ['join', 'c1', 'r1', true],
        ['join', 'c2', 'r1', false],
        ['leave', 'c1', 'r1', false],
        ['leave', 'c2', 'r1', true],
      ],
      events: ['created r1', 'count r1 +1', 'count r1 +1', 'count r1 -1', 'count r1 -1', 'deleted r1'],
    },
    {
      name: 'leaving a room not joined is a silent no-op',
      steps: [
        ['join', 'c1', 'r1', true],
        ['leave', 'c2', 'r1', false],
        ['leave', 'c1', 'r2', false],
        ['leave', 'nobody', 'r1', false],
      ],
      events: ['created r1', 'count r1 +1'],
    },
    {
      name: 'a room emptied and re-joined is created again',
      steps: [
        ['join', 'c1', 'r1', true],
        ['leave', 'c1', 'r1', true],
        ['join', 'c1', 'r1', true],
      ],
      events: ['created r1', 'count r1 +1', 'count r1 -1', 'deleted r1', 'created r1', 'count r1 +1'],
    },
  ];

  it.each(cases)('$name', ({ steps, events }) => {
    const rec = recorder();
    const t = table({ listener: rec.listener });
    t.addConnection('c1', 'u1');
    t.addConnection('c2', 'u2');
    for (const [op, conn, room, expected] of steps) {
      const got = op === 'join' ? t.join(conn, room).first : t.leave(conn, room).last;
      expect([op, conn, room, got]).toEqual([op, conn, room, expected]);
    }
    expect(rec.events).toEqual(events);
  });

  it('keeps both indexes in step', () => {
    const t = table();
    t.addConnection('c1', 'u1');
    t.addConnection('c2', 'u1');
    t.join('c1', 'r1');
    t.join('c1', 'r2');
    t.join('c2', 'r1');
    expect([...t.membersOf('r1')]).toEqual(['c1', 'c2']);
    expect([...t.roomsOf('c1')]).toEqual(['r1', 'r2']);
    expect([...t.connectionsOfUser('u1')]).toEqual(['c1', 'c2']);
    expect(t.isMember('c2', 'r2')).toBe(false);
    expect(t.isMember('c2', 'r1')).toBe(true);
    expect([t.count('r1'), t.count('r2'), t.count('r3')]).toEqual([2, 1, 0]);
    expect([t.roomCount, t.connectionCount, t.userCount]).toEqual([2, 2, 1]);
    expect(new Map(t.roomCounts())).toEqual(new Map([['r1', 2], ['r2', 1]]));
    expect(t.userOf('c2')).toBe('u1');
  });

  it('returns live views without copying', () => {
    const t = table();
    t.addConnection('c1', 'u1');
    t.join('c1', 'r1');
    const members = t.membersOf('r1');
    t.addConnection('c2', 'u2');
    t.join('c2', 'r1');
    expect(members.size).toBe(2);
    expect(t.membersOf('r1')).toBe(members);
  });

  it.each([
    ['membersOf', (t: PresenceTable) => t.membersOf('nope').size],
    ['roomsOf', (t: PresenceTable) => t.roomsOf('nope').size],
    ['connectionsOfUser', (t: PresenceTable) => t.connectionsOfUser('nope').size],
  ])('%s of something unknown is empty', (_name, size) => {
    expect(size(table())).toBe(0);
  });

  it('rejects a join from an unknown connection', () => {
    expect(codeOf(() => table().join('ghost', 'r1'))).toBe(ErrorCode.Invalid);
  });
});

describe('presence table: limits', () => {
  it.each([
    { max: 1, devices: 1, error: undefined },
    { max: 1, devices: 2, error: ErrorCode.Limit },
    { max: 3, devices: 3, error: undefined },
    { max: 3, devices: 4, error: ErrorCode.Limit },
  ])('maxConnectionsPerUser=$max with $devices devices → $error', ({ max, devices, error }) => {
    const t = table({ maxConnectionsPerUser: max });
    for (let i = 1; i < devices; i++) t.addConnection(`c${i}`, 'u1');
    expect(codeOf(() => t.addConnection(`c${devices}`, 'u1'))).toBe(error);
    expect(t.connectionsOfUser('u1').size).toBe(Math.min(max, devices));
  });

  it('frees a device slot when a connection is removed', () => {
    const t = table({ maxConnectionsPerUser: 1 });
    t.addConnection('c1', 'u1');
    expect(codeOf(() => t.addConnection('c2', 'u1'))).toBe(ErrorCode.Limit);
    t.removeConnection('c1');
    expect(codeOf(() => t.addConnection('c2', 'u1'))).toBeUndefined();
  });

  it('counts devices per user, not per gateway', () => {
    const t = table({ maxConnectionsPerUser: 1 });
    t.addConnection('c1', 'u1');
    expect(codeOf(() => t.addConnection('c2', 'u2'))).toBeUndefined();
  });

  it('rejects a duplicate connection id', () => {
    const t = table();
    t.addConnection('c1', 'u1');
    expect(codeOf(() => t.addConnection('c1', 'u2'))).toBe(ErrorCode.Invalid);
    expect(t.userOf('c1')).toBe('u1');
  });

  it.each([
    { max: 2, rooms: ['r1', 'r2'], error: undefined },
    { max: 2, rooms: ['r1', 'r2', 'r3'], error: ErrorCode.Limit },
    { max: 2, rooms: ['r1', 'r2', 'r2'], error: undefined },
  ])('maxRoomsPerConnection=$max joining $rooms → $error', ({ max, rooms, error }) => {
    const rec = recorder();
    const t = table({ maxRoomsPerConnection: max, listener: rec.listener });
    t.addConnection('c1', 'u1');
    const last = rooms[rooms.length - 1];
    for (const room of rooms.slice(0, -1)) t.join('c1', room);
    expect(codeOf(() => t.join('c1', last))).toBe(error);
    expect(t.roomsOf('c1').size).toBe(Math.min(max, new Set(rooms).size));
    if (error !== undefined) expect(rec.events).not.toContain(`created ${last}`);
  });
});

describe('presence table: what one gateway may hold', () => {
  it('refuses a new room past maxRooms (a snapshot carries them all), never one that is already here', () => {
    const t = table({ maxRooms: 2 });
    for (const c of ['c1', 'c2', 'c3']) t.addConnection(c, `u-${c}`);
    t.join('c1', 'r1');
    t.join('c2', 'r2');
    expect(codeOf(() => t.join('c3', 'r3'))).toBe(ErrorCode.Limit);
    expect(codeOf(() => t.join('c3', 'r1'))).toBeUndefined();
    t.leave('c2', 'r2');
    expect(codeOf(() => t.join('c3', 'r3'))).toBeUndefined();
    expect(t.roomCount).toBe(2);
  });

  it('refuses a connection past maxConnections', () => {
    const t = table({ maxConnections: 2 });
    t.addConnection('c1', 'u1');
    t.addConnection('c2', 'u2');
    expect(codeOf(() => t.addConnection('c3', 'u3'))).toBe(ErrorCode.Limit);
    t.removeConnection('c1');
    expect(codeOf(() => t.addConnection('c3', 'u3'))).toBeUndefined();
  });
});

describe('presence table: removeConnection', () => {
  it('leaves every room of the connection and reports the emptied ones', () => {
    const rec = recorder();
    const t = table({ listener: rec.listener });
    t.addConnection('c1', 'u1');
    t.addConnection('c2', 'u2');
    t.join('c1', 'r1');
    t.join('c1', 'r2');
    t.join('c1', 'r3');
    t.join('c2', 'r2');
    rec.events.length = 0;

    const removed = t.removeConnection('c1');

    expect(removed?.userId).toBe('u1');
    expect([...(removed?.rooms ?? [])]).toEqual(['r1', 'r2', 'r3']);
    expect(removed?.emptied).toEqual(['r1', 'r3']);
    expect(rec.events).toEqual(['count r1 -1', 'deleted r1', 'count r2 -1', 'count r3 -1', 'deleted r3']);
    expect([...t.membersOf('r2')]).toEqual(['c2']);
    expect([t.roomCount, t.connectionCount, t.userCount]).toEqual([1, 1, 1]);
    expect(t.connectionsOfUser('u1').size).toBe(0);
    expect(t.isMember('c1', 'r2')).toBe(false);
  });

  it('keeps the user while another device remains', () => {
    const t = table();
    t.addConnection('c1', 'u1');
    t.addConnection('c2', 'u1');
    t.removeConnection('c1');
    expect([...t.connectionsOfUser('u1')]).toEqual(['c2']);
    expect(t.userCount).toBe(1);
  });

  it('is a no-op for an unknown or already removed connection', () => {
    const t = table();
    t.addConnection('c1', 'u1');
    expect(t.removeConnection('c1')).toBeDefined();
    expect(t.removeConnection('c1')).toBeUndefined();
    expect(t.removeConnection('ghost')).toBeUndefined();
  });

  it('handles a connection in no room', () => {
    const t = table();
    t.addConnection('c1', 'u1');
    const removed = t.removeConnection('c1');
    expect(removed?.rooms.size).toBe(0);
    expect(removed?.emptied).toEqual([]);
  });
});
