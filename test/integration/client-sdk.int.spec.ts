import { createLivecastClient, type LivecastClient, type ResumeInfo, type RoomSession } from '@livecast/client-sdk';
import { ServerEvent, type RoomFrame } from '@livecast/contracts';
import type { Socket } from 'socket.io-client';
import { openRoom } from '../support/admin';
import { eventually, sleep, tokenFor, uniqueId } from '../support/clients';
import { suiteEnv } from '../support/suite-env';

/** Every message seq a session emitted to its `messages` listeners, in order. */
function collect(session: RoomSession): number[] {
  const seqs: number[] = [];
  session.on('messages', (messages) => seqs.push(...messages.map((m) => m.seq)));
  return seqs;
}

/** Seqs of the room's messages that reached the raw socket in frames (before the SDK's de-duplication). */
function rawFrameSeqs(client: LivecastClient, roomId: string): number[] {
  const seqs: number[] = [];
  (client.socket as Socket).on(ServerEvent.RoomFrame, (frame: RoomFrame) => {
    if (frame.roomId === roomId) seqs.push(...frame.messages.map((m) => m.seq));
  });
  return seqs;
}

describe('client-sdk: two SDK clients on two gateways', () => {
  const clients: LivecastClient[] = [];
  afterEach(() => clients.splice(0).forEach((client) => client.close()));

  function connect(gateway: number, userId: string): LivecastClient {
    const client = createLivecastClient({ url: suiteEnv().gateways[gateway], token: tokenFor(userId) });
    clients.push(client);
    return client;
  }

  it('delivers across gateways, echoes the sender once, and resumes after a reconnect without duplicates', async () => {
    const roomId = await openRoom(uniqueId('sdk-room'));
    const alice = connect(0, uniqueId('alice'));
    const bob = connect(1, uniqueId('bob'));
    const aliceRoom = await alice.join(roomId);
    console.log('alice joined');
    const bobRoom = await bob.join(roomId);
    expect(bobRoom.snapshot).toMatchObject({ roomId, title: `Room ${roomId}` });
    const aliceSeen = collect(aliceRoom);
    const aliceRaw = rawFrameSeqs(alice, roomId);
    const bobSeen = collect(bobRoom);

    console.log('bob joined');
    const first = await aliceRoom.send('hello from A');
    console.log('first', first.seq);
    expect(first).toMatchObject({ roomId, text: 'hello from A', kind: 'chat' });
    expect(await eventually(() => bobSeen.includes(first.seq))).toBe(true);
    // Alice got the ack's echo and then the same message in a frame: shown once.
    expect(await eventually(() => aliceRaw.includes(first.seq))).toBe(true);
    expect(aliceSeen).toEqual([first.seq]);

    // Drop Bob's transport; socket.io reconnects on its own (after ≥ 0.5 s) and the SDK resumes.
    const resumed = new Promise<ResumeInfo>((resolve) => bobRoom.on('resumed', resolve));
    const dropped = new Promise<void>((resolve) => bob.on('disconnected', () => resolve()));
    (bob.socket as Socket).io.engine.close();
    await dropped;
    console.log('dropped');
    const away = [await aliceRoom.send('while away 1'), await aliceRoom.send('while away 2')];
    console.log('sent away');
    const info = await resumed;
    console.log('resumed', info);
    expect(info.sinceSeq).toBeGreaterThanOrEqual(first.seq);
    expect(info.sinceSeq).toBeLessThan(away[0].seq);
    expect(info).toMatchObject({ truncated: false, missed: 2 });
    expect(bobRoom.state).toBe('joined');

    const after = await aliceRoom.send('after the resume');
    expect(await eventually(() => bobSeen.includes(after.seq))).toBe(true);
    await sleep(200);
    expect(bobSeen).toEqual([first.seq, away[0].seq, away[1].seq, after.seq]);
    expect(aliceSeen).toEqual([first.seq, away[0].seq, away[1].seq, after.seq]);
  }, 20_000);
});
