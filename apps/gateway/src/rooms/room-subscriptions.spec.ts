import { Names, type RoomControl, type RoomFrame } from '@livecast/contracts';
import { FakeBus } from '../testing/fakes';
import type { LocalRoom } from './local-room';
import { RoomSubscriptions } from './room-subscriptions';

function setup(lingerMs = 1000) {
  const bus = new FakeBus();
  const names = new Names('t');
  const timers: Array<{ fn: () => void; cancelled: boolean }> = [];
  const scheduler = {
    schedule: (fn: () => void) => {
      const timer = { fn, cancelled: false };
      timers.push(timer);
      return () => (timer.cancelled = true);
    },
  };
  const frames: Array<[LocalRoom, RoomFrame, string]> = [];
  const controls: Array<[LocalRoom, RoomControl]> = [];
  const subscriptions = new RoomSubscriptions({
    bus,
    names,
    scheduler,
    lingerMs,
    historyOnJoin: 5,
    handlers: { onFrame: (room, frame, json) => frames.push([room, frame, json]), onControl: (room, control) => controls.push([room, control]) },
  });
  const fire = () => timers.filter((t) => !t.cancelled).forEach((t) => t.fn());
  return { bus, names, subscriptions, frames, controls, fire };
}

describe('gateway: RoomSubscriptions', () => {
  it("acquire subscribes the room's frame and control subjects once and returns its LocalRoom", () => {
    const { bus, names, subscriptions } = setup();
    const room = subscriptions.acquire('r1');
    expect(subscriptions.acquire('r1')).toBe(room);
    expect([...bus.handlers.keys()].sort()).toEqual([names.control('r1').subject, names.deliver('r1').subject].sort());
    expect(subscriptions.get('r1')).toBe(room);
  });

  it("routes the room's frames (with their JSON) and control events to the handlers", () => {
    const { bus, names, subscriptions, frames, controls } = setup();
    const room = subscriptions.acquire('r1');
    const frame = { roomId: 'r1', fromSeq: 1, toSeq: 1, messages: [], shaped: { dropped: 0, likes: 0 } };
    bus.deliver(names.deliver('r1').subject, frame);
    bus.deliver(names.control('r1').subject, { roomId: 'r1', action: 'online', online: 3 });
    expect(frames).toEqual([[room, frame, JSON.stringify(frame)]]);
    expect(controls).toEqual([[room, { roomId: 'r1', action: 'online', online: 3 }]]);
  });

  it('release keeps the subscription for the linger, then unsubscribes both subjects', () => {
    const { bus, subscriptions, fire } = setup();
    subscriptions.acquire('r1');
    subscriptions.release('r1');
    expect(subscriptions.get('r1')).toBeDefined();
    expect(bus.unsubscribed).toEqual([]);
    fire();
    expect(subscriptions.get('r1')).toBeUndefined();
    expect(bus.unsubscribed).toHaveLength(2);
    expect(subscriptions.size).toBe(0);
  });

  it('a room acquired again during its linger keeps its LocalRoom (history, counts) and subscription', () => {
    const { bus, subscriptions, fire } = setup();
    const room = subscriptions.acquire('r1');
    room.online = 7;
    subscriptions.release('r1');
    expect(subscriptions.acquire('r1')).toBe(room);
    fire();
    expect(bus.unsubscribed).toEqual([]);
  });

  it('dispose unsubscribes every room', () => {
    const { bus, subscriptions } = setup();
    subscriptions.acquire('r1');
    subscriptions.acquire('r2');
    subscriptions.dispose();
    expect(bus.handlers.size).toBe(0);
  });
});
