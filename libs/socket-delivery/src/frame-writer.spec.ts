import { WebSocket } from 'ws';
import { FrameWriter, type DeliveryTarget } from './frame-writer';

interface FakeWire {
  direct: Buffer[][];
  engine: string[];
}

/** A connection whose engine.io socket and ws are fakes that record what is written. */
function fakeConnection(options: { buffered?: number; queued?: number; transport?: 'websocket' | 'polling'; open?: boolean } = {}) {
  const wire: FakeWire = { direct: [], engine: [] };
  const ws = {
    readyState: WebSocket.OPEN,
    bufferedAmount: options.buffered ?? 0,
    _sender: { sendFrame: (frame: Buffer[]) => wire.direct.push(frame) },
  };
  const engine = {
    readyState: options.open === false ? 'closed' : 'open',
    writeBuffer: new Array(options.queued ?? 0).fill('x'),
    transport: { name: options.transport ?? 'websocket', socket: ws },
    write: (data: string) => wire.engine.push(data),
  };
  const connection = { socket: { conn: engine, connected: true }, skipped: 0, slowSince: 0 } as unknown as DeliveryTarget;
  return { connection, wire, ws, engine };
}

describe('socket-delivery: FrameWriter', () => {
  const writer = new FrameWriter({ slowBufferBytes: 1000, slowMaxMs: 5000, slowQueuedPackets: 4 });
  const frame = writer.prepare('room:frame', '{"roomId":"r","n":1}');

  it('encodes once: the socket.io packet and a complete WebSocket text frame around "4" + packet', () => {
    expect(frame.packet).toBe('2["room:frame",{"roomId":"r","n":1}]');
    const bytes = Buffer.concat(frame.wsFrame);
    expect(bytes[0]).toBe(0x81);
    expect(bytes.subarray(2).toString()).toBe(`4${frame.packet}`);
  });

  it('writes the shared frame straight to an idle websocket', () => {
    const { connection, wire } = fakeConnection();
    expect(writer.write(connection, frame, 0)).toBe('sent');
    expect(wire.direct).toEqual([frame.wsFrame]);
    expect(wire.engine).toEqual([]);
  });

  it.each([
    ['something is queued in engine.io (keeps order)', { queued: 1 }],
    ['the transport is polling', { transport: 'polling' as const }],
  ])('falls back to engine.io when %s', (_name, options) => {
    const { connection, wire } = fakeConnection(options);
    expect(writer.write(connection, frame, 0)).toBe('sent');
    expect(wire.engine).toEqual([frame.packet]);
    expect(wire.direct).toEqual([]);
  });

  it('skips a congested socket instead of buffering, then tells it how many it missed', () => {
    const { connection, wire, ws } = fakeConnection({ buffered: 5000 });
    expect(writer.write(connection, frame, 100)).toBe('skipped');
    expect(writer.write(connection, frame, 200)).toBe('skipped');
    expect(wire.direct).toEqual([]);
    expect(wire.engine).toEqual([]);
    expect(connection.slowSince).toBe(100);

    ws.bufferedAmount = 0;
    expect(writer.write(connection, frame, 300)).toBe('sent');
    expect(wire.engine).toEqual(['2["room:frame",{"skipped":2,"roomId":"r","n":1}]']);
    expect(connection.skipped).toBe(0);
    expect(connection.slowSince).toBe(0);
  });

  it('counts polling congestion by queued packets', () => {
    const { connection } = fakeConnection({ transport: 'polling', queued: 5 });
    expect(writer.write(connection, frame, 0)).toBe('skipped');
  });

  it('reports too-slow once a socket has been skipping longer than allowed', () => {
    const { connection } = fakeConnection({ buffered: 5000 });
    expect(writer.write(connection, frame, 1000)).toBe('skipped');
    expect(writer.write(connection, frame, 6000)).toBe('skipped');
    expect(writer.write(connection, frame, 6001)).toBe('too-slow');
  });

  it('holds nothing for a slow socket: memory per connection is two counters', () => {
    const { connection, wire } = fakeConnection({ buffered: 5000 });
    for (let i = 1; i <= 10_000; i++) writer.write(connection, frame, 1000 + i);
    expect(wire.direct.length + wire.engine.length).toBe(0);
    expect(connection.skipped).toBe(10_000);
  });

  it('writes nothing to a closed connection', () => {
    const { connection, wire } = fakeConnection({ open: false });
    expect(writer.write(connection, frame, 0)).toBe('closed');
    expect(writer.writeControl(connection, frame)).toBe('closed');
    expect(wire.engine).toEqual([]);
  });
});
