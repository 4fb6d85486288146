import { WebSocket } from 'ws';
import { FrameWriter, type DeliveryTarget } from './frame-writer';
import type { OutboxWebSocket } from './outbox-websocket';
import { SharedFrame } from './shared-frame';

interface FakeWire {
  direct: Buffer[];
  engine: string[];
}

/** A connection whose WebSocket outbox and engine.io socket are fakes that record what is written. */
function fakeConnection(options: { queued?: number; engineQueued?: number; transport?: 'websocket' | 'polling'; open?: boolean; deflate?: boolean } = {}) {
  const wire: FakeWire = { direct: [], engine: [] };
  const ws = {
    readyState: options.open === false ? WebSocket.CLOSED : WebSocket.OPEN,
    queuedBytes: options.queued ?? 0,
    takesSharedDeflate: options.deflate ?? false,
    enqueueFrame: (frame: Buffer) => wire.direct.push(frame),
  };
  const engine = {
    readyState: options.open === false ? 'closed' : 'open',
    writeBuffer: new Array(options.engineQueued ?? 0).fill('x'),
    transport: { name: options.transport ?? 'websocket', socket: ws },
    write: (data: string) => wire.engine.push(data),
  };
  const websocket = (options.transport ?? 'websocket') === 'websocket';
  const connection: DeliveryTarget = { socket: { conn: engine, connected: true }, skipped: 0, slowSince: 0, wire: websocket ? (ws as unknown as OutboxWebSocket) : undefined };
  return { connection, wire, ws, engine };
}

describe('socket-delivery: FrameWriter', () => {
  const writer = new FrameWriter({ slowBufferBytes: 1000, slowMaxMs: 5000, slowQueuedPackets: 4 });
  const json = JSON.stringify({ roomId: 'r', messages: Array.from({ length: 20 }, (_, i) => ({ seq: i, text: 'the same chat line again' })) });
  const frame = new SharedFrame('room:frame', json, 6);

  it('hands the one shared buffer to every idle websocket, not a copy', () => {
    const a = fakeConnection();
    const b = fakeConnection();
    expect(writer.write(a.connection, frame, 0)).toBe('sent');
    expect(writer.write(b.connection, frame, 0)).toBe('sent');
    expect(a.wire.direct[0]).toBe(frame.plain);
    expect(b.wire.direct[0]).toBe(frame.plain);
    expect(a.wire.engine).toEqual([]);
  });

  it('gives sockets that negotiated shared deflate the frame compressed once, others the plain frame', () => {
    const compressed = fakeConnection({ deflate: true });
    const other = fakeConnection({ deflate: true });
    const plain = fakeConnection();
    writer.write(compressed.connection, frame, 0);
    writer.write(other.connection, frame, 0);
    writer.write(plain.connection, frame, 0);
    expect(compressed.wire.direct[0]).toBe(other.wire.direct[0]);
    expect(compressed.wire.direct[0].length).toBeLessThan(frame.plain.length);
    expect(plain.wire.direct[0]).toBe(frame.plain);
  });

  it('writes through engine.io when the transport is polling', () => {
    const { connection, wire } = fakeConnection({ transport: 'polling' });
    expect(writer.write(connection, frame, 0)).toBe('sent');
    expect(wire.engine).toEqual([frame.packet]);
    expect(wire.direct).toEqual([]);
  });

  it('skips a congested socket instead of buffering, then tells it how many it missed', () => {
    const { connection, wire, ws } = fakeConnection({ queued: 5000 });
    const small = new SharedFrame('room:frame', '{"roomId":"r","n":1}', 0);
    expect(writer.write(connection, small, 100)).toBe('skipped');
    expect(writer.write(connection, small, 200)).toBe('skipped');
    expect(wire.direct).toEqual([]);
    expect(wire.engine).toEqual([]);
    expect(connection.slowSince).toBe(100);

    ws.queuedBytes = 0;
    expect(writer.write(connection, small, 300)).toBe('sent');
    expect(wire.engine).toEqual(['2["room:frame",{"skipped":2,"roomId":"r","n":1}]']);
    expect(connection.skipped).toBe(0);
    expect(connection.slowSince).toBe(0);
  });

  it('counts polling congestion by queued packets', () => {
    const { connection } = fakeConnection({ transport: 'polling', engineQueued: 5 });
    expect(writer.write(connection, frame, 0)).toBe('skipped');
  });

  it('reports too-slow once a socket has been skipping longer than allowed', () => {
    const { connection } = fakeConnection({ queued: 5000 });
    expect(writer.write(connection, frame, 1000)).toBe('skipped');
    expect(writer.write(connection, frame, 6000)).toBe('skipped');
    expect(writer.write(connection, frame, 6001)).toBe('too-slow');
  });

  it('holds nothing for a slow socket: memory per connection is two counters', () => {
    const { connection, wire } = fakeConnection({ queued: 5000 });
    for (let i = 1; i <= 10_000; i++) writer.write(connection, frame, 1000 + i);
    expect(wire.direct.length + wire.engine.length).toBe(0);
    expect(connection.skipped).toBe(10_000);
  });

  it('writes control events even to a congested socket, behind what it holds', () => {
    const { connection, wire } = fakeConnection({ queued: 5000 });
    expect(writer.writeControl(connection, frame)).toBe('sent');
    expect(wire.direct).toEqual([frame.plain]);
  });

  it('writes nothing to a closed connection', () => {
    for (const transport of ['websocket', 'polling'] as const) {
      const { connection, wire } = fakeConnection({ open: false, transport });
      expect(writer.write(connection, frame, 0)).toBe('closed');
      expect(writer.writeControl(connection, frame)).toBe('closed');
      expect(wire.engine).toEqual([]);
      expect(wire.direct).toEqual([]);
    }
  });
});
