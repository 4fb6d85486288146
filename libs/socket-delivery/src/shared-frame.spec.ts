import { constants, inflateRawSync } from 'node:zlib';
import { SharedFrame } from './shared-frame';

/** The payload of a single unmasked frame, and whether RSV1 (compressed) is set. */
function parseFrame(frame: Buffer): { fin: boolean; compressed: boolean; opcode: number; payload: Buffer } {
  const length = frame[1] & 0x7f;
  const start = length === 126 ? 4 : length === 127 ? 10 : 2;
  const declared = length === 126 ? frame.readUInt16BE(2) : length === 127 ? frame.readUInt32BE(6) : length;
  expect(frame.length - start).toBe(declared);
  return { fin: (frame[0] & 0x80) !== 0, compressed: (frame[0] & 0x40) !== 0, opcode: frame[0] & 0x0f, payload: frame.subarray(start) };
}

describe('socket-delivery: SharedFrame', () => {
  const json = JSON.stringify({ roomId: 'r', messages: Array.from({ length: 30 }, (_, i) => ({ seq: i, text: `line ${i % 3}` })) });

  it('encodes the engine.io message "4" + socket.io packet once, as one complete text frame', () => {
    const frame = new SharedFrame('room:frame', '{"roomId":"r","n":1}', 6);
    expect(frame.packet).toBe('2["room:frame",{"roomId":"r","n":1}]');
    const parsed = parseFrame(frame.plain);
    expect(parsed).toMatchObject({ fin: true, compressed: false, opcode: 1 });
    expect(parsed.payload.toString()).toBe(`4${frame.packet}`);
  });

  it.each([10, 200, 70_000])('frames a %d-byte payload with the right length field', (size) => {
    const frame = new SharedFrame('room:frame', JSON.stringify({ pad: 'x'.repeat(size) }), 0);
    expect(parseFrame(frame.plain).payload.toString()).toBe(`4${frame.packet}`);
  });

  it('compresses once as a permessage-deflate message that inflates back to the plain message', () => {
    const frame = new SharedFrame('room:frame', json, 6);
    const deflated = frame.deflated();
    expect(frame.deflated()).toBe(deflated);
    const parsed = parseFrame(deflated);
    expect(parsed).toMatchObject({ fin: true, compressed: true, opcode: 1 });
    // The receiver appends the sync-flush tail the sender dropped (RFC 7692 §7.2.2).
    const inflated = inflateRawSync(Buffer.concat([parsed.payload, Buffer.from([0, 0, 0xff, 0xff])]), { finishFlush: constants.Z_SYNC_FLUSH });
    expect(inflated.toString()).toBe(`4${frame.packet}`);
    expect(deflated.length).toBeLessThan(frame.plain.length / 2);
  });

  it('keeps the plain frame where compression is off or would not pay', () => {
    const off = new SharedFrame('room:frame', json, 0);
    expect(off.deflated()).toBe(off.plain);
    const tiny = new SharedFrame('room:control', '{"a":1}', 6);
    expect(tiny.deflated()).toBe(tiny.plain);
  });
});
