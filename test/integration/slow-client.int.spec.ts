import type { RoomFrame } from '@livecast/contracts';
import { openRoom } from '../support/admin';
import { connectViewer, connectWithToken, eventually, sleep, tokenFor, uniqueId, type TestViewer } from '../support/clients';
import { metric } from '../support/extra-gateway';
import { PrivateStack } from '../support/private-stack';

// A viewer whose TCP socket stops reading: the gateway must skip its frames (not buffer
// them), tell it what it missed if it recovers, and disconnect it when it stays slow —
// while everyone else in the rooms keeps getting everything.
describe('backpressure: a viewer that stops reading', () => {
  const stack = new PrivateStack({
    SLOW_CLIENT_BUFFER_BYTES: '65536',
    SLOW_CLIENT_MAX_MS: '3000',
    RATE_STAFF_RATE: '1000',
    RATE_STAFF_PER_MS: '1000',
    RATE_STAFF_BURST: '1000',
    EVENTS_PER_SEC: '1000',
    EVENTS_BURST: '1000',
  });
  const viewers: TestViewer[] = [];

  beforeAll(async () => {
    await stack.start('membership', 'membership-s');
    await stack.start('ingest', 'ingest-s');
    await stack.start('fanout', 'fanout-s');
    await stack.startGateway('gateway-s');
  }, 60_000);
  afterAll(async () => {
    viewers.forEach((v) => v.close());
    await stack.stop();
  });

  it('skips frames instead of buffering, keeps memory bounded, then disconnects the slow viewer', async () => {
    const url = (name: string) => stack.service(name).httpUrl;
    const gateway = url('gateway-s');
    const rooms = await Promise.all(Array.from({ length: 10 }, () => openRoom(uniqueId('bp'), 'host-1', url('membership-s'))));
    // Plain frames (no permessage-deflate; false reaches `ws` in Node, the type knows only
    // `{ threshold }`): compressed ones would take minutes to fill the kernel's socket buffers.
    const slow = await connectWithToken(gateway, tokenFor(uniqueId('slow')), { perMessageDeflate: false as unknown as { threshold: number } });
    const healthy = await connectViewer(gateway, uniqueId('healthy'));
    const senders = await Promise.all(rooms.map(() => connectViewer(gateway, uniqueId('s'), 'admin')));
    viewers.push(slow, healthy, ...senders);
    for (const roomId of rooms) {
      expect((await slow.join(roomId)).ok).toBe(true);
      expect((await healthy.join(roomId)).ok).toBe(true);
    }
    await Promise.all(senders.map((s, i) => s.join(rooms[i])));
    // Stop reading: what the gateway writes now piles up in the kernel, then in its buffer.
    (slow.socket.io.engine.transport as unknown as { ws: { _socket: { pause(): void } } }).ws._socket.pause();
    const rssBefore = await metric(gateway, 'process_resident_memory_bytes');

    const big = '😀'.repeat(500); // 2 KB of UTF-8 per message: fills the kernel buffers sooner
    let flooding = true;
    const flood = Promise.all(
      senders.map(async (sender, i) => {
        for (let n = 0; flooding && n < 2000; n++) {
          await sender.send(rooms[i], big, n % 2 === 0 ? 'system' : 'gift');
          await sleep(20);
        }
      }),
    );
    const skipped = () => metric(gateway, 'livecast_gateway_frame_writes_total', 'outcome="skipped"');
    const connectionsBefore = await metric(gateway, 'livecast_gateway_connections');
    expect(await eventually(async () => (await skipped()) > 0, 30_000, 250)).toBe(true);
    // SLOW_CLIENT_MAX_MS is 3 s: the gateway drops it (its paused client cannot notice yet).
    expect(await eventually(async () => (await metric(gateway, 'livecast_gateway_slow_disconnects_total')) === 1, 10_000, 250)).toBe(true);
    flooding = false;
    await flood;

    expect(await metric(gateway, 'livecast_gateway_connections')).toBe(connectionsBefore - 1);
    expect(await metric(gateway, 'process_resident_memory_bytes')).toBeLessThan(rssBefore + 64 * 1024 * 1024);
    // The healthy viewer got a contiguous chain in every room throughout.
    for (const roomId of rooms) {
      const frames = healthy.frames.filter((f: RoomFrame) => f.roomId === roomId);
      expect(frames.length).toBeGreaterThan(0);
      for (let i = 1; i < frames.length; i++) if (frames[i].prevSeq !== undefined) expect(frames[i].prevSeq).toBe(frames[i - 1].toSeq);
      expect(frames.every((f) => f.skipped === undefined)).toBe(true);
    }
  }, 90_000);
});
