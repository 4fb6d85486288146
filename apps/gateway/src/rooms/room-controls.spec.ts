import { ServerEvent, type RoomControl } from '@livecast/contracts';
import { PresenceTable } from '@livecast/presence';
import type { FrameWriter } from '@livecast/socket-delivery';
import { ConnectionRegistry } from '../connections/connection-registry';
import { FakeWriter, fakeConnection } from '../testing/fakes';
import { LocalRoom } from './local-room';
import { ONLINE_IN_FRAMES_MS, RoomControls } from './room-controls';

function setup(now = 10_000) {
  const presence = new PresenceTable({ maxConnectionsPerUser: 5, maxRoomsPerConnection: 5 });
  const registry = new ConnectionRegistry();
  const writer = new FakeWriter();
  const invalidated: string[] = [];
  const controls = new RoomControls(presence, registry, writer as unknown as FrameWriter, { invalidate: (id) => invalidated.push(id) }, 0, () => now);
  const add = (id: string, userId: string, rooms: string[]) => {
    const connection = fakeConnection(id, userId);
    presence.addConnection(id, userId);
    registry.add(connection);
    for (const roomId of rooms) presence.join(id, roomId);
  };
  // alice has two devices in r1 and one elsewhere; bob is in r1.
  add('a1', 'alice', ['r1']);
  add('a2', 'alice', ['r1']);
  add('a3', 'alice', ['r2']);
  add('b1', 'bob', ['r1']);
  return { controls, writer, invalidated, room: new LocalRoom('r1', 10) };
}

const told = (writer: FakeWriter) => writer.writes.filter((w) => w.event === ServerEvent.RoomControl).map((w) => w.id);

describe('gateway: RoomControls', () => {
  it.each([
    ['kicked', ['a1', 'a2'], ['a1', 'a2']],
    ['banned', ['a1', 'a2'], ['a1', 'a2']],
    ['muted', ['a1', 'a2'], []],
    ['unmuted', ['a1', 'a2'], []],
  ] as const)("%s tells the user's devices in the room and removes %j", (action, tell, remove) => {
    const { controls, writer, room } = setup();
    const control: RoomControl = { roomId: 'r1', action, userId: 'alice' };
    expect(controls.apply(room, control)).toEqual(remove);
    expect(told(writer)).toEqual(tell);
    expect(JSON.parse(writer.writes[0].json)).toEqual(control);
  });

  it('closed tells and removes every member and forgets the cached room status', () => {
    const { controls, writer, invalidated, room } = setup();
    expect(controls.apply(room, { roomId: 'r1', action: 'closed' })).toEqual(['a1', 'a2', 'b1']);
    expect(told(writer)).toEqual(['a1', 'a2', 'b1']);
    expect(invalidated).toEqual(['r1']);
  });

  it('online updates the count and tells members only when no frame carried it recently', () => {
    const quiet = setup();
    quiet.room.lastFrameAt = 10_000 - ONLINE_IN_FRAMES_MS - 1;
    expect(quiet.controls.apply(quiet.room, { roomId: 'r1', action: 'online', online: 9 })).toEqual([]);
    expect(quiet.room.online).toBe(9);
    expect(told(quiet.writer)).toEqual(['a1', 'a2', 'b1']);

    const busy = setup();
    busy.room.lastFrameAt = 10_000 - 10;
    busy.controls.apply(busy.room, { roomId: 'r1', action: 'online', online: 9 });
    expect(busy.room.online).toBe(9);
    expect(told(busy.writer)).toEqual([]);
  });

  it('ignores a control event for another room or without a user', () => {
    const { controls, writer, room } = setup();
    expect(controls.apply(room, { roomId: 'r2', action: 'closed' })).toEqual([]);
    expect(controls.apply(room, { roomId: 'r1', action: 'kicked' })).toEqual([]);
    expect(writer.writes).toEqual([]);
  });
});
