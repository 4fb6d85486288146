import { openRoom } from '../support/admin';
import { connectViewer, eventually, uniqueId, type TestViewer } from '../support/clients';
import { PrivateStack } from '../support/private-stack';

describe('history: join snapshot and resume', () => {
  const viewers: TestViewer[] = [];
  afterAll(() => viewers.forEach((v) => v.close()));

  it('gives a first joiner on another gateway the recent history of a busy room', async () => {
    const roomId = await openRoom(uniqueId('hist'));
    const sender = await connectViewer(0, uniqueId('s'), 'host');
    viewers.push(sender);
    await sender.join(roomId);
    const seqs: number[] = [];
    for (const text of ['a', 'b', 'c']) {
      const ack = await sender.send(roomId, text);
      if (ack.ok) seqs.push(ack.seq);
    }
    const late = await connectViewer(1, uniqueId('late'));
    viewers.push(late);
    const join = await late.join(roomId);
    expect(join.ok && join.history.map((m) => [m.seq, m.text])).toEqual([
      [seqs[0], 'a'],
      [seqs[1], 'b'],
      [seqs[2], 'c'],
    ]);
    expect(join.ok && join.lastSeq).toBe(seqs[2]);
    expect(join.ok && join.room).toMatchObject({ id: roomId, title: `Room ${roomId}` });
  });

  it('resumes on a different gateway with exactly what was missed', async () => {
    const roomId = await openRoom(uniqueId('resume'));
    const sender = await connectViewer(0, uniqueId('s'), 'host');
    const viewer = await connectViewer(0, uniqueId('v'));
    viewers.push(sender, viewer);
    await sender.join(roomId);
    await viewer.join(roomId);
    const before = await sender.send(roomId, 'seen');
    expect(await eventually(() => viewer.messagesOf(roomId).length === 1)).toBe(true);
    const lastSeen = before.ok ? before.seq : 0;
    viewer.close();

    const missed: number[] = [];
    for (const text of ['m1', 'm2', 'm3']) {
      const ack = await sender.send(roomId, text);
      if (ack.ok) missed.push(ack.seq);
    }
    const back = await connectViewer(1, uniqueId('v-again'));
    viewers.push(back);
    const join = await back.join(roomId, lastSeen);
    expect(join.ok && join.history.map((m) => m.seq)).toEqual(missed);
    expect(join.ok && join.truncated).toBe(false);
    expect(join.ok && join.lastSeq).toBe(missed[2]);
  });

  describe('when more was missed than the stream keeps', () => {
    const stack = new PrivateStack({ HISTORY_PER_ROOM: '5' });
    beforeAll(async () => {
      await stack.start('membership', 'membership-h');
      await stack.start('ingest', 'ingest-h');
      await stack.startGateway('gateway-h');
    }, 60_000);
    afterAll(() => stack.stop());

    it('returns what is kept and says it is truncated', async () => {
      const membership = stack.service('membership-h').httpUrl;
      const gateway = stack.service('gateway-h').httpUrl;
      const roomId = await openRoom(uniqueId('trunc'), 'host-1', membership);
      const sender = await connectViewer(gateway, uniqueId('s'), 'host');
      viewers.push(sender);
      await sender.join(roomId);
      const seqs: number[] = [];
      for (let i = 0; i < 9; i++) {
        const ack = await sender.send(roomId, `n${i}`);
        if (ack.ok) seqs.push(ack.seq);
      }
      const back = await connectViewer(gateway, uniqueId('v'));
      viewers.push(back);
      const join = await back.join(roomId, seqs[0]);
      expect(join.ok && join.history.map((m) => m.seq)).toEqual(seqs.slice(-5));
      expect(join.ok && join.truncated).toBe(true);
    }, 30_000);
  });
});
