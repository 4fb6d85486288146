import { createLivecastClient, type LivecastClient, type LivecastClientOptions, type ResumeInfo, type RoomSession } from '@livecast/client-sdk';
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

/** Resolves with the session's next resume; rejects if the session ends instead. */
function nextResume(session: RoomSession): Promise<ResumeInfo> {
  return new Promise((resolve, reject) => {
    session.on('resumed', resolve);
    session.on('ended', (err) => reject(new Error(`session ended instead of resuming: ${err.code} ${err.message}`)));
  });
}

describe('client-sdk: two SDK clients on two gateways', () => {
  const clients: LivecastClient[] = [];
  afterEach(() => clients.splice(0).forEach((client) => client.close()));

  function connect(gateway: number, userId: string, options: Partial<LivecastClientOptions> = {}): LivecastClient {
    const client = createLivecastClient({ url: suiteEnv().gateways[gateway], token: tokenFor(userId), ...options });
    clients.push(client);
    return client;
  }

  async function twoViewers() {
    const roomId = await openRoom(uniqueId('sdk-room'));
    const alice = connect(0, uniqueId('alice'));
    // Short acks so a resume the gateway cannot answer fails in seconds, not in 3 × 8 s.
    const bob = connect(1, uniqueId('bob'), { ackTimeoutMs: 2500 });
    const aliceRoom = await alice.join(roomId);
    const bobRoom = await bob.join(roomId);
    return { roomId, alice, bob, aliceRoom, bobRoom };
  }

  it('delivers a message to a viewer on the other gateway, and echoes it to the sender once', async () => {
    const { roomId, alice, aliceRoom, bobRoom } = await twoViewers();
    expect(bobRoom.snapshot).toMatchObject({ roomId, title: `Room ${roomId}` });
    const aliceSeen = collect(aliceRoom);
    const aliceRaw = rawFrameSeqs(alice, roomId);
    const bobSeen = collect(bobRoom);

    const first = await aliceRoom.send('hello from A');
    expect(first).toMatchObject({ roomId, text: 'hello from A', kind: 'chat' });
    expect(first.seq).toBeGreaterThan(0);
    expect(await eventually(() => bobSeen.includes(first.seq))).toBe(true);
    // Alice got the ack's echo, then the same message in a frame: shown once.
    expect(await eventually(() => aliceRaw.includes(first.seq))).toBe(true);
    expect(aliceSeen).toEqual([first.seq]);
    expect(bobSeen).toEqual([first.seq]);
  });

  it('resumes after a reconnect that missed nothing, and live messages keep flowing once', async () => {
    const { aliceRoom, bob, bobRoom } = await twoViewers();
    const bobSeen = collect(bobRoom);
    const first = await aliceRoom.send('before the drop');
    expect(await eventually(() => bobSeen.includes(first.seq))).toBe(true);

    const resumed = nextResume(bobRoom);
    (bob.socket as Socket).io.engine.close();
    const info = await resumed;
    expect(info).toEqual({ sinceSeq: bobRoom.lastSeq, truncated: false, missed: 0 });
    expect(info.sinceSeq).toBeGreaterThanOrEqual(first.seq);

    const next = await aliceRoom.send('after the resume');
    expect(await eventually(() => bobSeen.includes(next.seq))).toBe(true);
    await sleep(200);
    expect(bobSeen).toEqual([first.seq, next.seq]);
  }, 20_000);

  it('resumes after a reconnect with sinceSeq and gets what was sent meanwhile, without duplicates', async () => {
    const { aliceRoom, bob, bobRoom } = await twoViewers();
    const bobSeen = collect(bobRoom);
    const first = await aliceRoom.send('before the drop');
    expect(await eventually(() => bobSeen.includes(first.seq))).toBe(true);

    // Drop Bob's transport; socket.io reconnects on its own (after ≥ 0.5 s) and the SDK resumes.
    const resumed = nextResume(bobRoom);
    const dropped = new Promise<void>((resolve) => bob.on('disconnected', () => resolve()));
    (bob.socket as Socket).io.engine.close();
    await dropped;
    const away = [await aliceRoom.send('while away 1'), await aliceRoom.send('while away 2')];
    const info = await resumed;
    expect(info.sinceSeq).toBeGreaterThanOrEqual(first.seq);
    expect(info.sinceSeq).toBeLessThan(away[0].seq);
    expect(info).toMatchObject({ truncated: false, missed: 2 });
    expect(bobRoom.state).toBe('joined');

    const after = await aliceRoom.send('after the resume');
    expect(await eventually(() => bobSeen.includes(after.seq))).toBe(true);
    await sleep(200);
    expect(bobSeen).toEqual([first.seq, away[0].seq, away[1].seq, after.seq]);
  }, 20_000);
});
