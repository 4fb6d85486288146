import type { RoomFrame } from '@livecast/contracts';
import { openRoom } from '../support/admin';
import { connectViewer, eventually, sleep, uniqueId, type TestViewer } from '../support/clients';

const SCREEN_RATE = 20;
const PRIORITY_RATE = 10;

interface Received {
  at: number;
  frame: RoomFrame;
}

function record(viewer: TestViewer, roomId: string): Received[] {
  const received: Received[] = [];
  viewer.socket.on('room:frame', (frame: RoomFrame) => {
    if (frame.roomId === roomId) received.push({ at: Date.now(), frame });
  });
  return received;
}

const isPriority = (m: { kind: string; from: { role: string } }) => m.kind === 'system' || m.kind === 'gift' || m.from.role !== 'viewer';

// The fan-out caps what it emits in any 1 s window; frames reach the client with jitter,
// so receipt times are checked over a window shortened by that margin. 50 ms was seen to
// be too little while npm test loads both cores (11 priority messages in 950 ms, once in
// each of two sessions); the exact cap is pinned by the shaper's specs on a fake clock.
const JITTER_MS = 200;

/** Most messages of a class received in any sliding (1 s − jitter) window. */
function maxPerSecond(received: Received[], keep: (m: RoomFrame['messages'][number]) => boolean): number {
  const times = received.flatMap((r) => r.frame.messages.filter(keep).map(() => r.at));
  let max = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= 1000 - JITTER_MS) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

describe('shaping: a flooded room reaches each viewer at screen rate, priorities intact', () => {
  const viewers: TestViewer[] = [];
  afterAll(() => viewers.forEach((v) => v.close()));

  it('caps chat per viewer, delivers every priority message, counts the rest, chains frames, echoes senders', async () => {
    const roomId = await openRoom(uniqueId('flood'));
    const watcher = await connectViewer(1, uniqueId('watch'));
    viewers.push(watcher);
    const received = record(watcher, roomId);
    expect((await watcher.join(roomId)).ok).toBe(true);

    // Ten chatty viewers (each within its own 20-per-30 s limit) and one admin sending gifts/system.
    const senders = await Promise.all(Array.from({ length: 10 }, () => connectViewer(0, uniqueId('chatty'))));
    const staff = await connectViewer(0, uniqueId('staff'), 'admin');
    viewers.push(...senders, staff);
    for (const s of [...senders, staff]) expect((await s.join(roomId)).ok).toBe(true);

    const chatAcks = senders.flatMap((s) => Array.from({ length: 18 }, (_, i) => s.send(roomId, `chat ${i}`)));
    const likeAcks = senders.map((s) => s.send(roomId, '', 'like'));
    const priorityAcks = Array.from({ length: 24 }, (_, i) => staff.send(roomId, `p${i}`, i % 2 === 0 ? 'gift' : 'system'));
    const acks = await Promise.all([...chatAcks, ...likeAcks, ...priorityAcks]);
    expect(acks.filter((a) => !a.ok)).toEqual([]);
    const seqOf = (a: (typeof acks)[number]) => (a.ok ? a.seq : -1);
    const prioritySeqs = new Set(acks.slice(chatAcks.length + likeAcks.length).map(seqOf));
    const allSeqs = new Set(acks.map(seqOf));

    // Every priority message arrives (24 at 10/s takes ~2.4 s).
    const shownSeqs = () => new Set(received.flatMap((r) => r.frame.messages.map((m) => m.seq)));
    expect(await eventually(() => [...prioritySeqs].every((seq) => shownSeqs().has(seq)), 8000)).toBe(true);
    await sleep(300);

    const frames = received.map((r) => r.frame);
    expect(maxPerSecond(received, (m) => !isPriority(m))).toBeLessThanOrEqual(SCREEN_RATE);
    expect(maxPerSecond(received, isPriority)).toBeLessThanOrEqual(PRIORITY_RATE);
    expect(frames.flatMap((f) => f.messages).some((m) => m.kind === 'like')).toBe(false);

    // Counters: shown + dropped + likes account for every accepted message exactly once.
    const shown = frames.reduce((n, f) => n + f.messages.length, 0);
    const dropped = frames.reduce((n, f) => n + f.shaped.dropped, 0);
    const likes = frames.reduce((n, f) => n + f.shaped.likes, 0);
    expect(likes).toBe(likeAcks.length);
    expect(shown + dropped + likes).toBe(allSeqs.size);
    expect(dropped).toBeGreaterThan(0);

    // Frames chain: each prevSeq is the previous frame's toSeq, and toSeq never goes back.
    for (let i = 1; i < frames.length; i++) {
      if (frames[i].prevSeq !== undefined) expect(frames[i].prevSeq).toBe(frames[i - 1].toSeq);
      expect(frames[i].toSeq).toBeGreaterThanOrEqual(frames[i - 1].toSeq);
    }
    for (const seq of allSeqs) expect(frames.some((f) => seq >= f.fromSeq && seq <= f.toSeq)).toBe(true);

    // A sender whose chat was shaped away still has it, from its ack (the echo).
    const droppedAck = acks.find((a) => a.ok && !prioritySeqs.has(a.seq) && !shownSeqs().has(a.seq) && a.message.text.startsWith('chat'));
    expect(droppedAck).toBeDefined();
    expect(droppedAck?.ok && droppedAck.message.text).toMatch(/^chat \d+$/);
  }, 30_000);

  it('keeps a quiet room in pass-through with low latency while another room floods', async () => {
    const hotRoom = await openRoom(uniqueId('hot'));
    const quietRoom = await openRoom(uniqueId('quiet'));
    const watcher = await connectViewer(1, uniqueId('watch'));
    const quietSender = await connectViewer(0, uniqueId('calm'));
    const flooders = await Promise.all(Array.from({ length: 8 }, () => connectViewer(0, uniqueId('hot'), 'host')));
    viewers.push(watcher, quietSender, ...flooders);
    await watcher.join(hotRoom);
    await watcher.join(quietRoom);
    await quietSender.join(quietRoom);
    for (const f of flooders) await f.join(hotRoom);
    const quietFrames = record(watcher, quietRoom);

    let flooding = true;
    const flood = Promise.all(
      flooders.map(async (f) => {
        for (let i = 0; flooding && i < 40; i++) {
          await f.send(hotRoom, `flood ${i}`);
          await sleep(40);
        }
      }),
    );
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      await sleep(150);
      const sentAt = Date.now();
      const ack = await quietSender.send(quietRoom, `quiet ${i}`);
      expect(ack.ok).toBe(true);
      const seq = ack.ok ? ack.seq : -1;
      expect(await eventually(() => quietFrames.some((r) => r.frame.messages.some((m) => m.seq === seq)), 3000, 5)).toBe(true);
      latencies.push((quietFrames.find((r) => r.frame.messages.some((m) => m.seq === seq))?.at ?? Infinity) - sentAt);
    }
    flooding = false;
    await flood;

    // Pass-through: one message per frame, nothing shaped away, delivered in well under a tick of a shaped room.
    expect(quietFrames.every((r) => r.frame.messages.length === 1 && r.frame.shaped.dropped === 0)).toBe(true);
    expect(Math.max(...latencies)).toBeLessThan(500);
  }, 30_000);
});
