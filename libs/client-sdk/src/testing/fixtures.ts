import type { ChatMessage, RoomFrame, RoomJoinResult } from '@livecast/contracts/client';

/** A chat message of room `roomId` with sequence `seq`. */
export function msg(seq: number, roomId = 'r1', text = `m${seq}`): ChatMessage {
  return { seq, roomId, kind: 'chat', text, clientMsgId: `c${seq}`, from: { id: 'u', name: 'u', role: 'viewer', guest: false }, ts: seq };
}

/** A frame holding messages `seqs`, covering (prevSeq, toSeq]. */
export function frame(seqs: number[], fields: Partial<RoomFrame> = {}, roomId = 'r1'): RoomFrame {
  const toSeq = fields.toSeq ?? Math.max(...seqs, 1);
  return { roomId, fromSeq: Math.min(...seqs, toSeq), toSeq, messages: seqs.map((s) => msg(s, roomId)), shaped: { dropped: 0, likes: 0 }, ...fields };
}

/** A successful join ack of `roomId` with the given history. */
export function joinAck(historySeqs: number[], fields: Partial<RoomJoinResult> = {}, roomId = 'r1'): { ok: true } & RoomJoinResult {
  return {
    ok: true,
    room: { id: roomId, title: `Room ${roomId}`, online: 1 },
    history: historySeqs.map((s) => msg(s, roomId)),
    truncated: false,
    lastSeq: Math.max(0, ...historySeqs),
    ...fields,
  };
}

/** Resolves after pending timers of 0 ms and microtasks ran. */
export function tick(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
