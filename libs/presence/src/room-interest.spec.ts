import { ErrorCode } from '@livecast/contracts';
import { FakeScheduler } from './fakes';
import { PresenceTable } from './presence-table';
import { RoomInterest, type InterestSink } from './room-interest';

class CountingSink implements InterestSink {
  readonly calls: string[] = [];
  subscribes = 0;
  unsubscribes = 0;

  subscribe(roomId: string): void {
    this.subscribes++;
    this.calls.push(`+${roomId}`);
  }

  unsubscribe(roomId: string): void {
    this.unsubscribes++;
    this.calls.push(`-${roomId}`);
  }
}

const LINGER = 1000;

function setup(lingerMs = LINGER) {
  const sink = new CountingSink();
  const scheduler = new FakeScheduler();
  const interest = new RoomInterest({ sink, scheduler, lingerMs });
  return { sink, scheduler, interest };
}

// A script of room events on one room: 'first' = first member came, 'last' = last member
// left, a number = time passes.
type Step = 'first' | 'last' | number;

describe('room interest: flapping sequences', () => {
  const cases: Array<{ name: string; steps: Step[]; subs: number; unsubs: number; subscribed: boolean; lingering: boolean }> = [
    { name: 'first member subscribes at once', steps: ['first'], subs: 1, unsubs: 0, subscribed: true, lingering: false },
    { name: 'last leave keeps the subscription during the linger', steps: ['first', 'last', LINGER - 1], subs: 1, unsubs: 0, subscribed: true, lingering: true },
    { name: 'linger elapsed unsubscribes once', steps: ['first', 'last', LINGER], subs: 1, unsubs: 1, subscribed: false, lingering: false },
    { name: 're-join during linger cancels the unsubscribe', steps: ['first', 'last', 500, 'first', 5000], subs: 1, unsubs: 0, subscribed: true, lingering: false },
    {
      name: 'flapping 0↔1 many times inside the linger keeps one subscription',
      steps: ['first', 'last', 100, 'first', 'last', 100, 'first', 'last', 100, 'first', 'last', 100, 'first'],
      subs: 1,
      unsubs: 0,
      subscribed: true,
      lingering: false,
    },
    {
      name: 'the linger restarts from the latest last leave',
      steps: ['first', 'last', 900, 'first', 'last', 900],
      subs: 1,
      unsubs: 0,
      subscribed: true,
      lingering: true,
    },
    {
      name: 'flapping slower than the linger churns once per cycle',
      steps: ['first', 'last', LINGER, 'first', 'last', LINGER, 'first'],
      subs: 3,
      unsubs: 2,
      subscribed: true,
      lingering: false,
    },
    { name: 'a repeated last leave does not stack timers', steps: ['first', 'last', 'last', LINGER * 3], subs: 1, unsubs: 1, subscribed: false, lingering: false },
    { name: 'a repeated first does not subscribe twice', steps: ['first', 'first'], subs: 1, unsubs: 0, subscribed: true, lingering: false },
    { name: 'a last leave of an unknown room does nothing', steps: ['last', LINGER], subs: 0, unsubs: 0, subscribed: false, lingering: false },
  ];

  it.each(cases)('$name', ({ steps, subs, unsubs, subscribed, lingering }) => {
    const { sink, scheduler, interest } = setup();
    for (const step of steps) {
      if (step === 'first') interest.onRoomCreated('r1');
      else if (step === 'last') interest.onRoomDeleted('r1');
      else scheduler.advance(step);
    }
    expect({ subs: sink.subscribes, unsubs: sink.unsubscribes }).toEqual({ subs, unsubs });
    expect(interest.isSubscribed('r1')).toBe(subscribed);
    expect(interest.isLingering('r1')).toBe(lingering);
    expect(scheduler.pending).toBe(lingering ? 1 : 0);
  });
});

describe('room interest', () => {
  it('with lingerMs 0 unsubscribes at once without a timer', () => {
    const { sink, scheduler, interest } = setup(0);
    interest.onRoomCreated('r1');
    interest.onRoomDeleted('r1');
    expect(sink.calls).toEqual(['+r1', '-r1']);
    expect(scheduler.pending).toBe(0);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('rejects lingerMs %p', (lingerMs) => {
    expect(() => setup(lingerMs)).toThrow(expect.objectContaining({ code: ErrorCode.Invalid, field: 'lingerMs' }));
  });

  it('keeps rooms independent', () => {
    const { sink, scheduler, interest } = setup();
    interest.onRoomCreated('r1');
    interest.onRoomCreated('r2');
    interest.onRoomDeleted('r1');
    scheduler.advance(LINGER / 2);
    interest.onRoomDeleted('r2');
    scheduler.advance(LINGER / 2);
    expect(sink.calls).toEqual(['+r1', '+r2', '-r1']);
    expect([interest.subscribedCount, interest.lingeringCount]).toEqual([1, 1]);
  });

  it('ignores a cancelled timer that fires anyway', () => {
    const sink = new CountingSink();
    const fired: Array<() => void> = [];
    // A scheduler whose cancel does nothing, as a coarse batch timer might behave.
    const scheduler = { schedule: (fn: () => void) => (fired.push(fn), () => undefined) };
    const interest = new RoomInterest({ sink, scheduler, lingerMs: LINGER });
    interest.onRoomCreated('r1');
    interest.onRoomDeleted('r1');
    interest.onRoomCreated('r1');
    interest.onRoomDeleted('r1');
    fired[0]();
    expect(interest.isSubscribed('r1')).toBe(true);
    fired[1]();
    expect(interest.isSubscribed('r1')).toBe(false);
    expect(sink.calls).toEqual(['+r1', '-r1']);
  });

  it('dispose cancels lingers, unsubscribes everything and ignores later events', () => {
    const { sink, scheduler, interest } = setup();
    interest.onRoomCreated('r1');
    interest.onRoomCreated('r2');
    interest.onRoomDeleted('r2');
    interest.dispose();
    expect(sink.calls.sort()).toEqual(['+r1', '+r2', '-r1', '-r2']);
    expect(scheduler.pending).toBe(0);
    interest.onRoomCreated('r3');
    interest.onRoomDeleted('r1');
    scheduler.advance(LINGER * 2);
    expect(sink.calls).toHaveLength(4);
    expect(interest.subscribedCount).toBe(0);
  });

  it('follows a presence table through joins, leaves and disconnects', () => {
    const { sink, scheduler, interest } = setup();
    const table = new PresenceTable({ maxConnectionsPerUser: 3, maxRoomsPerConnection: 3, listener: interest });
    table.addConnection('c1', 'u1');
    table.addConnection('c2', 'u2');
    table.join('c1', 'r1');
    table.join('c2', 'r1');
    table.join('c1', 'r2');
    table.leave('c1', 'r1');
    table.removeConnection('c1');
    scheduler.advance(LINGER);
    expect(sink.calls).toEqual(['+r1', '+r2', '-r2']);
    table.removeConnection('c2');
    table.addConnection('c3', 'u3');
    table.join('c3', 'r1');
    scheduler.advance(LINGER);
    expect(sink.calls).toEqual(['+r1', '+r2', '-r2']);
  });
});

describe('room interest: driven by presence results, holding what the sink returns', () => {
  function heldSetup() {
    const opened: string[] = [];
    const closed: Array<[string, { room: string; n: number }]> = [];
    let n = 0;
    const sink: InterestSink<{ room: string; n: number }> = {
      subscribe: (roomId) => (opened.push(roomId), { room: roomId, n: ++n }),
      unsubscribe: (roomId, held) => closed.push([roomId, held]),
    };
    const scheduler = new FakeScheduler();
    return { opened, closed, scheduler, interest: new RoomInterest({ sink, scheduler, lingerMs: LINGER }) };
  }

  it('acquire subscribes once and returns the same held value until the room is dropped', () => {
    const { opened, interest } = heldSetup();
    const first = interest.acquire('r1');
    expect(interest.acquire('r1')).toBe(first);
    expect(interest.held('r1')).toBe(first);
    expect(opened).toEqual(['r1']);
  });

  it('release lingers; acquire during the linger returns the lingering value; the drop hands it back', () => {
    const { opened, closed, scheduler, interest } = heldSetup();
    const held = interest.acquire('r1');
    interest.release('r1');
    expect(interest.acquire('r1')).toBe(held);
    expect(interest.isLingering('r1')).toBe(false);
    interest.release('r1');
    scheduler.advance(LINGER);
    expect(closed).toEqual([['r1', held]]);
    expect(interest.held('r1')).toBeUndefined();
    expect(interest.acquire('r1')).not.toBe(held);
    expect(opened).toEqual(['r1', 'r1']);
  });

  it('refuses to acquire once disposed, with UNAVAILABLE', () => {
    const { interest } = heldSetup();
    interest.dispose();
    expect(() => interest.acquire('r1')).toThrow(expect.objectContaining({ code: ErrorCode.Unavailable }));
  });
});
