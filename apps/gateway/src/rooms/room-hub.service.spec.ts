import { ErrorCode, Names } from '@livecast/contracts';
import type { Bus } from '@livecast/nats';
import { PresenceTable } from '@livecast/presence';
import type { RoomDirectory } from '@livecast/service-runtime';
import type { FrameWriter } from '@livecast/socket-delivery';
import type { GatewayConfig } from '../config';
import { ConnectionRegistry } from '../connections/connection-registry';
import { FakeBus, FakeWriter, fakeConnection } from '../testing/fakes';
import { RoomHub } from './room-hub.service';

function setup() {
  const names = new Names('t');
  const bus = new FakeBus();
  const presence = new PresenceTable({ maxConnectionsPerUser: 2, maxRoomsPerConnection: 3 });
  const writer = new FakeWriter();
  // Linger 0: a released room is dropped at once, so the spec sees subscriptions follow presence without timers.
  const config = { SLOW_CLIENT_MAX_MS: 1000, FRAME_DEFLATE_LEVEL: 0, INTEREST_LINGER_MS: 0, HISTORY_ON_JOIN: 5 } as GatewayConfig;
  const directory = { invalidate: () => undefined } as unknown as RoomDirectory;
  const hub = new RoomHub(presence, new ConnectionRegistry(), bus as unknown as Bus, names, writer as unknown as FrameWriter, directory, config);
  const subscribed = (roomId: string) => bus.handlers.has(names.deliver(roomId).subject);
  return { hub, bus, names, writer, subscribed };
}

describe('gateway: RoomHub', () => {
  it("a room's first join subscribes it and returns its LocalRoom; later joins share it", () => {
    const { hub, subscribed } = setup();
    hub.addConnection(fakeConnection('a'));
    hub.addConnection(fakeConnection('b'));
    const room = hub.join('a', 'r1');
    expect(subscribed('r1')).toBe(true);
    expect(hub.join('b', 'r1')).toBe(room);
    expect(hub.isMember('a', 'r1')).toBe(true);
  });

  it('the last leave releases the subscription; an earlier one does not', () => {
    const { hub, subscribed } = setup();
    hub.addConnection(fakeConnection('a'));
    hub.addConnection(fakeConnection('b'));
    hub.join('a', 'r1');
    hub.join('b', 'r1');
    hub.leave('a', 'r1');
    expect(subscribed('r1')).toBe(true);
    hub.leave('b', 'r1');
    expect(subscribed('r1')).toBe(false);
  });

  it('removing a connection releases the rooms it emptied and only those', () => {
    const { hub, subscribed } = setup();
    hub.addConnection(fakeConnection('a'));
    hub.addConnection(fakeConnection('b'));
    hub.join('a', 'r1');
    hub.join('a', 'r2');
    hub.join('b', 'r2');
    hub.removeConnection('a');
    expect([subscribed('r1'), subscribed('r2')]).toEqual([false, true]);
    expect(hub.connectionCount()).toBe(1);
  });

  it('a refused join (room limit) leaves no subscription behind', () => {
    const { hub, subscribed } = setup();
    hub.addConnection(fakeConnection('a'));
    for (const roomId of ['r1', 'r2', 'r3']) hub.join('a', roomId);
    expect(() => hub.join('a', 'r4')).toThrow(expect.objectContaining({ code: ErrorCode.Limit }));
    expect(subscribed('r4')).toBe(false);
  });

  it('refuses a connection past the per-user limit without registering it', () => {
    const { hub } = setup();
    hub.addConnection(fakeConnection('a', 'u'));
    hub.addConnection(fakeConnection('b', 'u'));
    expect(() => hub.addConnection(fakeConnection('c', 'u'))).toThrow(expect.objectContaining({ code: ErrorCode.Limit }));
    expect(hub.connectionCount()).toBe(2);
  });

  it('a kick from the control subject takes the user out of the room; the subscription follows', () => {
    const { hub, bus, names, writer, subscribed } = setup();
    hub.addConnection(fakeConnection('a', 'alice'));
    hub.join('a', 'r1');
    bus.deliver(names.control('r1').subject, { roomId: 'r1', action: 'kicked', userId: 'alice' });
    expect(hub.isMember('a', 'r1')).toBe(false);
    expect(writer.writes.map((w) => w.id)).toEqual(['a']);
    expect(subscribed('r1')).toBe(false);
  });

  it('frames from the subscription reach the members', () => {
    const { hub, bus, names, writer } = setup();
    hub.addConnection(fakeConnection('a'));
    hub.join('a', 'r1');
    bus.deliver(names.deliver('r1').subject, { roomId: 'r1', fromSeq: 1, toSeq: 1, messages: [], shaped: { dropped: 0, likes: 0 } });
    expect(writer.writes.map((w) => w.id)).toEqual(['a']);
  });
});
