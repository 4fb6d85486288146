import { ErrorCode } from '@livecast/contracts';
import { admin, openRoom } from '../support/admin';
import { connectViewer, eventually, uniqueId, type TestViewer } from '../support/clients';

describe('live room: first slice end to end', () => {
  const viewers: TestViewer[] = [];
  afterEach(() => viewers.splice(0).forEach((v) => v.close()));

  it('delivers a message sent on gateway A to a viewer on gateway B, in order, with sequences', async () => {
    const roomId = await openRoom(uniqueId('room'));
    const sender = await connectViewer(0, uniqueId('alice'));
    const watcher = await connectViewer(1, uniqueId('bob'));
    viewers.push(sender, watcher);
    expect((await sender.join(roomId)).ok).toBe(true);
    expect((await watcher.join(roomId)).ok).toBe(true);

    const acks = [];
    for (const text of ['one', 'two', 'three']) acks.push(await sender.send(roomId, text));
    expect(acks.every((a) => a.ok)).toBe(true);
    const seqs = acks.map((a) => (a.ok ? a.seq : 0));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));

    expect(await eventually(() => watcher.messagesOf(roomId).length === 3)).toBe(true);
    expect(watcher.messagesOf(roomId).map((m) => [m.seq, m.text])).toEqual([
      [seqs[0], 'one'],
      [seqs[1], 'two'],
      [seqs[2], 'three'],
    ]);
  });

  it('refuses to join a room that is not open', async () => {
    const viewer = await connectViewer(0, uniqueId('carol'));
    viewers.push(viewer);
    const missing = await viewer.join(uniqueId('nope'));
    expect(missing).toMatchObject({ ok: false, error: { code: ErrorCode.RoomNotFound } });

    const roomId = await openRoom(uniqueId('room'));
    expect((await admin('DELETE', `/rooms/${roomId}`)).status).toBe(200);
    expect(await viewer.join(roomId)).toMatchObject({ ok: false, error: { code: ErrorCode.RoomClosed } });
  });
});
