import type { RoomFrame } from '@livecast/contracts';

/** Room every benchmark socket joins. */
export const BENCH_ROOM = 'bench';

/**
 * A RoomFrame with one chat message whose JSON is `targetBytes` long (or its natural
 * size when that is larger), so every write benchmark pushes comparable bytes.
 */
export function roomFrame(targetBytes: number): RoomFrame {
  const frame: RoomFrame = {
    roomId: BENCH_ROOM,
    fromSeq: 1041,
    toSeq: 1041,
    prevSeq: 1040,
    messages: [
      {
        seq: 1041,
        roomId: BENCH_ROOM,
        kind: 'chat',
        text: '',
        clientMsgId: 'c-7f3a',
        from: { id: 'u-42', name: 'V42', role: 'viewer', guest: false },
        ts: 1_760_000_000_000,
      },
    ],
    shaped: { dropped: 0, likes: 0 },
    online: 1000,
  };
  const missing = targetBytes - Buffer.byteLength(JSON.stringify(frame));
  if (missing > 0) frame.messages[0].text = 'x'.repeat(missing);
  return frame;
}
