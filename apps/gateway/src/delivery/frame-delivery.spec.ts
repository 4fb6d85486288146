import { ErrorCode, ServerEvent, type RoomFrame } from '@livecast/contracts';
import { PresenceTable } from '@livecast/presence';
import type { FrameWriter } from '@livecast/socket-delivery';
import { ConnectionRegistry } from '../connections/connection-registry';
import { LocalRoom } from '../rooms/local-room';
import { FakeWriter, fakeConnection } from '../testing/fakes';
import { FrameDelivery } from './frame-delivery';

const message = (seq: number) => ({ seq, roomId: 'r1', kind: 'chat' as const, text: `m${seq}`, clientMsgId: `c${seq}`, from: { id: 'u', name: 'u', role: 'viewer' as const, guest: false }, ts: 1 });

function setup() {
  const presence = new PresenceTable({ maxConnectionsPerUser: 5, maxRoomsPerConnection: 5 });
  const registry = new ConnectionRegistry();
  const writer = new FakeWriter();
  const delivery = new FrameDelivery(presence, registry, writer as unknown as FrameWriter, { slowClientMaxMs: 1000, deflateLevel: 0 });
  const add = (id: string, roomId = 'r1') => {
    const connection = fakeConnection(id);
    presence.addConnection(id, connection.principal.id);
    registry.add(connection);
    presence.join(id, roomId);
    return connection;
  };
  return { presence, registry, writer, delivery, add, room: new LocalRoom('r1', 10) };
}

const frame = (toSeq: number, online?: number): RoomFrame => ({ roomId: 'r1', fromSeq: toSeq, toSeq, messages: [message(toSeq)], shaped: { dropped: 0, likes: 0 }, online });

describe('gateway: FrameDelivery', () => {
  it('writes the one frame to every local member of the room and to nobody else', () => {
    const { delivery, add, writer, room } = setup();
    add('a');
    add('b');
    add('c', 'r2');
    const f = frame(1);
    delivery.deliver(room, f, JSON.stringify(f));
    expect(writer.writes).toEqual([
      { id: 'a', event: ServerEvent.RoomFrame, json: JSON.stringify(f) },
      { id: 'b', event: ServerEvent.RoomFrame, json: JSON.stringify(f) },
    ]);
  });

  it("remembers the frame's messages, last seq and online count for later joins", () => {
    const { delivery, room } = setup();
    delivery.deliver(room, frame(4, 12), JSON.stringify(frame(4, 12)));
    expect(room.lastSeq).toBe(4);
    expect(room.online).toBe(12);
    expect(room.recent.latest(10).map((m) => m.seq)).toEqual([4]);
  });

  it('ignores a frame for another room', () => {
    const { delivery, add, writer, room } = setup();
    add('a');
    const other = { ...frame(1), roomId: 'r2' };
    delivery.deliver(room, other, JSON.stringify(other));
    expect(writer.writes).toEqual([]);
  });

  it('disconnects a member that stayed too slow, telling it why, and still writes to the others', () => {
    const { delivery, add, writer, room } = setup();
    const slow = add('slow');
    add('ok');
    writer.outcomes.set('slow', 'too-slow');
    delivery.deliver(room, frame(1), JSON.stringify(frame(1)));
    expect(slow.emitted).toEqual([[ServerEvent.Disconnecting, expect.objectContaining({ code: ErrorCode.SlowConsumer })]]);
    expect(slow.disconnected).toBe(true);
    expect(writer.writes.map((w) => w.id)).toEqual(['ok']);
  });
});
