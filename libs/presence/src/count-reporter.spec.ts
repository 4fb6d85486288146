import { ErrorCode, MAX_ROOMS_PER_REPORT, PRESENCE_HEARTBEAT_MS, presenceReport } from '@livecast/contracts';
import { CountReporter } from './count-reporter';
import { PresenceTable } from './presence-table';

const IDENTITY = { gatewayId: 'gw-1', epoch: 'e1', heartbeatMs: 5000 };

describe('count reporter: deltas', () => {
  const cases: Array<{ name: string; changes: Array<[string, number]>; rooms: Array<[string, number]> | null }> = [
    { name: 'no changes → no report', changes: [], rooms: null },
    { name: 'joins add up per room', changes: [['r1', 1], ['r1', 1], ['r2', 1]], rooms: [['r1', 2], ['r2', 1]] },
    { name: 'leaves are negative', changes: [['r1', -1], ['r1', -1]], rooms: [['r1', -2]] },
    { name: 'join then leave nets to nothing', changes: [['r1', 1], ['r1', -1]], rooms: null },
    { name: 'net-zero rooms are left out of a mixed batch', changes: [['r1', 1], ['r2', 1], ['r1', -1], ['r2', 1]], rooms: [['r2', 2]] },
    { name: 'a room zero in the middle of the batch still counts its end value', changes: [['r1', 1], ['r1', -1], ['r1', -1]], rooms: [['r1', -1]] },
    { name: 'room ids that are Object.prototype names are plain keys', changes: [['__proto__', 1], ['constructor', 1]], rooms: [['__proto__', 1], ['constructor', 1]] },
  ];

  it.each(cases)('$name', ({ changes, rooms }) => {
    const reporter = new CountReporter(IDENTITY);
    for (const [roomId, delta] of changes) reporter.onCountChanged(roomId, delta);
    expect(reporter.hasChanges).toBe(rooms !== null);
    const report = reporter.takeDelta();
    if (rooms === null) {
      expect(report).toBeNull();
      return;
    }
    expect(report).toEqual({ ...IDENTITY, seq: 0, kind: 'delta', rooms: expect.any(Object) });
    expect(Object.entries(report?.rooms ?? {})).toEqual(rooms);
    expect(presenceReport.is(report)).toBe(true);
  });

  it('splits a batch of more rooms than one report may carry into consecutive deltas', () => {
    const reporter = new CountReporter(IDENTITY);
    for (let i = 0; i < MAX_ROOMS_PER_REPORT + 5; i++) reporter.onCountChanged(`r${i}`, 1);
    const first = reporter.takeDelta();
    const second = reporter.takeDelta();
    expect([first?.seq, Object.keys(first?.rooms ?? {}).length, presenceReport.is(first)]).toEqual([0, MAX_ROOMS_PER_REPORT, true]);
    expect([second?.seq, Object.keys(second?.rooms ?? {}).length, presenceReport.is(second)]).toEqual([1, 5, true]);
    expect(reporter.hasChanges).toBe(false);
    expect(reporter.takeDelta()).toBeNull();
  });

  it('starts a new batch after each delta', () => {
    const reporter = new CountReporter(IDENTITY);
    reporter.onCountChanged('r1', 1);
    reporter.takeDelta();
    expect(reporter.takeDelta()).toBeNull();
    reporter.onCountChanged('r1', -1);
    expect(reporter.takeDelta()?.rooms).toEqual({ r1: -1 });
  });
});

describe('count reporter: snapshots and seq', () => {
  it('snapshots full counts, skipping empty rooms', () => {
    const reporter = new CountReporter(IDENTITY);
    const report = reporter.snapshot(new Map([['r1', 3], ['r2', 0]]));
    expect(report).toEqual({ ...IDENTITY, seq: 0, kind: 'snapshot', rooms: { r1: 3 } });
    expect(presenceReport.is(report)).toBe(true);
  });

  it('a snapshot supersedes pending changes', () => {
    const reporter = new CountReporter(IDENTITY);
    reporter.onCountChanged('r1', 1);
    reporter.snapshot([['r1', 1]]);
    expect(reporter.takeDelta()).toBeNull();
  });

  it('increments seq once per report of either kind, and not for an empty delta', () => {
    const reporter = new CountReporter(IDENTITY);
    const seqs: Array<number | undefined> = [];
    seqs.push(reporter.snapshot([]).seq);
    reporter.onCountChanged('r1', 1);
    seqs.push(reporter.takeDelta()?.seq);
    seqs.push(reporter.takeDelta()?.seq);
    reporter.onCountChanged('r1', 1);
    seqs.push(reporter.takeDelta()?.seq);
    seqs.push(reporter.snapshot([['r1', 2]]).seq);
    expect(seqs).toEqual([0, 1, undefined, 2, 3]);
    expect(reporter.nextSeq).toBe(4);
  });

  it('reports what a presence table does', () => {
    const reporter = new CountReporter(IDENTITY);
    const table = new PresenceTable({ maxConnectionsPerUser: 2, maxRoomsPerConnection: 5, listener: reporter });
    table.addConnection('c1', 'u1');
    table.addConnection('c2', 'u2');
    table.join('c1', 'r1');
    table.join('c1', 'r2');
    table.join('c2', 'r2');
    table.leave('c1', 'r1');
    expect(reporter.takeDelta()?.rooms).toEqual({ r2: 2 });
    table.removeConnection('c2');
    expect(reporter.snapshot(table.roomCounts()).rooms).toEqual({ r2: 1 });
  });

  it.each([0, -1, 1.5, PRESENCE_HEARTBEAT_MS.min - 1, PRESENCE_HEARTBEAT_MS.max + 1, 1e12])('rejects heartbeatMs %p', (heartbeatMs) => {
    expect(() => new CountReporter({ ...IDENTITY, heartbeatMs })).toThrow(
      expect.objectContaining({ code: ErrorCode.Invalid, field: 'heartbeatMs' }),
    );
  });

  // [snapshot rooms, idleHeartbeatMs option, heartbeat announced]
  const heartbeats: Array<[string, Array<[string, number]>, number | undefined, number]> = [
    ['an empty snapshot announces the idle heartbeat', [], 30_000, 30_000],
    ['a snapshot with viewers announces the heartbeat', [['r1', 1]], 30_000, 5000],
    ['rooms counted zero are empty', [['r1', 0]], 30_000, 30_000],
    ['without an idle heartbeat, an empty snapshot announces the heartbeat', [], undefined, 5000],
    ['an idle heartbeat shorter than the heartbeat is raised to it', [], 1000, 5000],
  ];

  it.each(heartbeats)('%s', (_name, rooms, idleHeartbeatMs, announced) => {
    const reporter = new CountReporter({ ...IDENTITY, idleHeartbeatMs });
    const report = reporter.snapshot(rooms);
    expect(report.heartbeatMs).toBe(announced);
    expect(presenceReport.is(report)).toBe(true);
  });

  it('deltas always announce the heartbeat', () => {
    const reporter = new CountReporter({ ...IDENTITY, idleHeartbeatMs: 30_000 });
    reporter.onCountChanged('r1', -1);
    expect(reporter.takeDelta()?.heartbeatMs).toBe(5000);
  });

  it('rejects an idleHeartbeatMs out of the contract range', () => {
    expect(() => new CountReporter({ ...IDENTITY, idleHeartbeatMs: PRESENCE_HEARTBEAT_MS.max + 1 })).toThrow(
      expect.objectContaining({ code: ErrorCode.Invalid, field: 'idleHeartbeatMs' }),
    );
  });
});
