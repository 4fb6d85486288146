import type { PresenceReport } from '@livecast/contracts';
import { CountReporter } from './count-reporter';
import { FakeClock } from './fakes';
import { OnlineAggregator, type ApplyOutcome } from './online-aggregator';

const HB = 5000;

function report(kind: PresenceReport['kind'], gatewayId: string, epoch: string, seq: number, rooms: Record<string, number>, heartbeatMs = HB): PresenceReport {
  return { gatewayId, epoch, seq, kind, heartbeatMs, rooms };
}
const snap = (gw: string, epoch: string, seq: number, rooms: Record<string, number>, hb?: number) => report('snapshot', gw, epoch, seq, rooms, hb);
const delta = (gw: string, epoch: string, seq: number, rooms: Record<string, number>, hb?: number) => report('delta', gw, epoch, seq, rooms, hb);

function setup() {
  const clock = new FakeClock(1_000);
  return { clock, agg: new OnlineAggregator(clock) };
}

describe('online aggregator: applying reports', () => {
  const cases: Array<{ name: string; reports: Array<[PresenceReport, ApplyOutcome]>; online: Record<string, number> }> = [
    {
      name: 'a snapshot sets the counts',
      reports: [[snap('a', 'e1', 0, { r1: 3, r2: 1 }), 'applied']],
      online: { r1: 3, r2: 1 },
    },
    {
      name: 'in-sequence deltas add up',
      reports: [
        [snap('a', 'e1', 0, { r1: 3 }), 'applied'],
        [delta('a', 'e1', 1, { r1: 2, r2: 1 }), 'applied'],
        [delta('a', 'e1', 2, { r1: -4 }), 'applied'],
      ],
      online: { r1: 1, r2: 1 },
    },
    {
      name: 'a snapshot replaces every room of that gateway',
      reports: [
        [snap('a', 'e1', 0, { r1: 3, r2: 2 }), 'applied'],
        [snap('a', 'e1', 1, { r2: 5, r3: 1 }), 'applied'],
      ],
      online: { r1: 0, r2: 5, r3: 1 },
    },
    {
      name: 'gateways add up per room',
      reports: [
        [snap('a', 'e1', 0, { r1: 3 }), 'applied'],
        [snap('b', 'e9', 7, { r1: 4, r2: 1 }), 'applied'],
        [delta('b', 'e9', 8, { r1: -1 }), 'applied'],
      ],
      online: { r1: 6, r2: 1 },
    },
    {
      name: 'a delta before any snapshot is stale (no base to add to)',
      reports: [[delta('a', 'e1', 0, { r1: 2 }), 'stale']],
      online: { r1: 0 },
    },
    {
      name: 'a seq gap marks stale, ignores later deltas, and the next snapshot recovers',
      reports: [
        [snap('a', 'e1', 0, { r1: 3 }), 'applied'],
        [delta('a', 'e1', 2, { r1: 10 }), 'stale'],
        [delta('a', 'e1', 3, { r1: 10 }), 'stale'],
        [delta('a', 'e1', 1, { r1: 10 }), 'stale'],
        [snap('a', 'e1', 4, { r1: 7 }), 'applied'],
        [delta('a', 'e1', 5, { r1: 1 }), 'applied'],
      ],
      online: { r1: 8 },
    },
    {
      name: 'a stale gateway keeps its last good counts until the snapshot',
      reports: [
        [snap('a', 'e1', 0, { r1: 3 }), 'applied'],
        [delta('a', 'e1', 5, { r1: 1 }), 'stale'],
      ],
      online: { r1: 3 },
    },
    {
      name: 'duplicate and older reports are ignored',
      reports: [
        [snap('a', 'e1', 0, { r1: 3 }), 'applied'],
        [delta('a', 'e1', 1, { r1: 1 }), 'applied'],
        [delta('a', 'e1', 1, { r1: 1 }), 'ignored'],
        [snap('a', 'e1', 0, { r1: 99 }), 'ignored'],
      ],
      online: { r1: 4 },
    },
    {
      name: 'a new epoch discards the old counts; its deltas wait for its snapshot',
      reports: [
        [snap('a', 'e1', 0, { r1: 3, r2: 2 }), 'applied'],
        [delta('a', 'e2', 1, { r1: 1 }), 'stale'],
        [snap('a', 'e2', 2, { r1: 1 }), 'applied'],
      ],
      online: { r1: 1, r2: 0 },
    },
    {
      name: 'a new epoch snapshot replaces the old epoch even with a lower seq',
      reports: [
        [snap('a', 'e1', 40, { r1: 3 }), 'applied'],
        [snap('a', 'e2', 0, { r2: 2 }), 'applied'],
      ],
      online: { r1: 0, r2: 2 },
    },
    {
      name: 'a late report of the retired epoch is ignored',
      reports: [
        [snap('a', 'e1', 0, { r1: 3 }), 'applied'],
        [snap('a', 'e2', 0, { r1: 1 }), 'applied'],
        [delta('a', 'e1', 1, { r1: 5 }), 'ignored'],
        [delta('a', 'e2', 1, { r1: 1 }), 'applied'],
      ],
      online: { r1: 2 },
    },
    {
      name: 'counts never go below zero',
      reports: [
        [snap('a', 'e1', 0, { r1: 1 }), 'applied'],
        [delta('a', 'e1', 1, { r1: -5, r2: -1 }), 'applied'],
        [delta('a', 'e1', 2, { r1: 2 }), 'applied'],
        [snap('b', 'e1', 0, { r3: -4 }), 'applied'],
      ],
      online: { r1: 2, r2: 0, r3: 0 },
    },
  ];

  it.each(cases)('$name', ({ reports, online }) => {
    const { agg } = setup();
    const outcomes = reports.map(([r]) => agg.apply(r));
    expect(outcomes).toEqual(reports.map(([, expected]) => expected));
    for (const [roomId, total] of Object.entries(online)) expect([roomId, agg.online(roomId)]).toEqual([roomId, total]);
  });

  it('a report posing as another gateway (a new epoch on its own subject) changes nothing', () => {
    const { agg } = setup();
    expect(agg.apply(snap('a', 'e1', 0, { r1: 3 }), 'a')).toBe('applied');
    expect(agg.apply(snap('a', 'evil', 0, { r1: 1000 }), 'mallory')).toBe('misattributed');
    expect(agg.apply(delta('a', 'evil', 1, { r1: 1000 }), null)).toBe('misattributed');
    expect(agg.apply(delta('a', 'e1', 1, { r1: 1 }), 'a')).toBe('applied');
    expect([agg.online('r1'), agg.gateways()[0].epoch]).toEqual([4, 'e1']);
  });

  it('reads room ids that are Object.prototype names from a report that crossed the wire', () => {
    const { agg } = setup();
    const reporter = new CountReporter({ gatewayId: 'a', epoch: 'e1', heartbeatMs: HB });
    const wire = JSON.stringify(reporter.snapshot([['__proto__', 2], ['toString', 1]]));
    agg.apply(JSON.parse(wire) as PresenceReport);
    expect([agg.online('__proto__'), agg.online('toString'), agg.online('hasOwnProperty')]).toEqual([2, 1, 0]);
  });

  it('describes each gateway for diagnostics', () => {
    const { clock, agg } = setup();
    agg.apply(snap('a', 'e1', 0, { r1: 3, r2: 2 }));
    clock.advance(10);
    agg.apply(delta('a', 'e1', 2, { r1: 1 }));
    expect(agg.gateways()).toEqual([
      { gatewayId: 'a', epoch: 'e1', seq: 0, stale: true, heartbeatMs: HB, lastSeenAt: 1_010, rooms: 2, connections: 5 },
    ]);
    expect([agg.gatewayCount, agg.roomCount]).toEqual([1, 2]);
  });
});

describe('online aggregator: expiry', () => {
  it.each([
    { silentMs: 3 * HB, expired: false },
    { silentMs: 3 * HB + 1, expired: true },
  ])('a gateway silent for $silentMs ms expired=$expired', ({ silentMs, expired }) => {
    const { clock, agg } = setup();
    agg.apply(snap('a', 'e1', 0, { r1: 3 }));
    clock.advance(silentMs);
    expect(agg.expire()).toEqual(expired ? ['r1'] : []);
    expect(agg.online('r1')).toBe(expired ? 0 : 3);
    expect(agg.gatewayCount).toBe(expired ? 0 : 1);
  });

  it('uses the heartbeat each gateway announced and the time of its last report', () => {
    const { clock, agg } = setup();
    agg.apply(snap('fast', 'e1', 0, { r1: 1, r2: 1 }, 1_000));
    agg.apply(snap('slow', 'e1', 0, { r1: 2, r3: 1 }, 10_000));
    clock.advance(2_000);
    agg.apply(delta('fast', 'e1', 1, { r1: 1 }, 1_000));
    clock.advance(3_001);
    expect(agg.expire().sort()).toEqual(['r1', 'r2']);
    expect(agg.gateways().map((g) => g.gatewayId)).toEqual(['slow']);
    expect([agg.online('r1'), agg.online('r2'), agg.online('r3')]).toEqual([2, 0, 1]);
  });

  it('keeps a stale gateway alive while it keeps reporting', () => {
    const { clock, agg } = setup();
    agg.apply(snap('a', 'e1', 0, { r1: 3 }));
    agg.apply(delta('a', 'e1', 9, { r1: 1 }));
    for (let i = 0; i < 5; i++) {
      clock.advance(2 * HB);
      agg.apply(delta('a', 'e1', 10 + i, { r1: 1 }));
    }
    expect(agg.expire()).toEqual([]);
    expect(agg.online('r1')).toBe(3);
  });

  it('nextExpiryAt is the first moment expire drops a silent gateway', () => {
    const { clock, agg } = setup();
    expect(agg.nextExpiryAt()).toBe(Infinity);
    agg.apply(snap('slow', 'e1', 0, {}, 30_000));
    clock.advance(1000);
    agg.apply(snap('fast', 'e1', 0, { r1: 1 }, 1_000));
    const at = agg.nextExpiryAt();
    expect(at).toBe(clock.now() + 3 * 1_000 + 1);
    expect([agg.expire(at - 1), agg.expire(at)]).toEqual([[], ['r1']]);
    expect(agg.nextExpiryAt()).toBe(1_000 + 3 * 30_000 + 1);
  });

  it('an expired gateway that comes back needs a snapshot', () => {
    const { clock, agg } = setup();
    agg.apply(snap('a', 'e1', 0, { r1: 3 }));
    clock.advance(3 * HB + 1);
    agg.expire(clock.now());
    expect(agg.apply(delta('a', 'e1', 1, { r1: 1 }))).toBe('stale');
    expect(agg.apply(snap('a', 'e1', 2, { r1: 4 }))).toBe('applied');
    expect(agg.online('r1')).toBe(4);
  });
});

describe('online aggregator: drainChanged', () => {
  it('returns each changed room once with its current total, then resets', () => {
    const { agg } = setup();
    agg.apply(snap('a', 'e1', 0, { r1: 3, r2: 1 }));
    agg.apply(snap('b', 'e1', 0, { r1: 1 }));
    expect(agg.hasChanges).toBe(true);
    expect(agg.drainChanged()).toEqual(new Map([['r1', 4], ['r2', 1]]));
    expect(agg.hasChanges).toBe(false);
    expect(agg.drainChanged()).toEqual(new Map());
  });

  it.each<{ name: string; deltas: Array<Record<string, number>>; changed: Array<[string, number]> }>([
    { name: 'up and back down between drains is not reported', deltas: [{ r1: 1 }, { r1: -1 }], changed: [] },
    { name: 'a room dropping to zero is reported as 0', deltas: [{ r1: -3 }], changed: [['r1', 0]] },
    { name: 'a zero delta is not a change', deltas: [{ r1: 0 }], changed: [] },
    { name: 'several deltas report the end total', deltas: [{ r1: 1 }, { r1: 1, r2: 2 }], changed: [['r1', 5], ['r2', 2]] },
  ])('$name', ({ deltas, changed }) => {
    const { agg } = setup();
    agg.apply(snap('a', 'e1', 0, { r1: 3 }));
    agg.drainChanged();
    deltas.forEach((rooms, i) => agg.apply(delta('a', 'e1', i + 1, rooms)));
    expect(agg.drainChanged()).toEqual(new Map(changed));
  });

  it('reports rooms changed by an epoch change and by expiry', () => {
    const { clock, agg } = setup();
    agg.apply(snap('a', 'e1', 0, { r1: 3, r2: 1 }));
    agg.apply(snap('b', 'e1', 0, { r3: 2 }));
    agg.drainChanged();
    agg.apply(snap('a', 'e2', 0, { r1: 3 }));
    expect(agg.drainChanged()).toEqual(new Map([['r2', 0]]));
    clock.advance(HB);
    agg.apply(snap('a', 'e2', 1, { r1: 3 }));
    clock.advance(3 * HB);
    expect(agg.expire()).toEqual(['r3']);
    expect(agg.drainChanged()).toEqual(new Map([['r3', 0]]));
  });
});

describe('online aggregator: drainAll', () => {
  it('returns every room with viewers, changed or not, and the changed ones that dropped to 0; then nothing is pending', () => {
    const { agg } = setup();
    agg.apply(snap('a', 'e1', 0, { r1: 3, r2: 1 }));
    agg.drainChanged();
    agg.apply(delta('a', 'e1', 1, { r2: -1 }));
    expect(agg.drainAll()).toEqual(new Map([['r1', 3], ['r2', 0]]));
    expect(agg.hasChanges).toBe(false);
    expect(agg.drainAll()).toEqual(new Map([['r1', 3]]));
  });
});
