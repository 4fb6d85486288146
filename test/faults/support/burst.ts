import { ClientEvent, ErrorCode, type Ack, type MessageSendResult, type RoomJoinResult } from '@livecast/contracts';
import { io } from 'socket.io-client';

/** What a burst got: the acked seqs with their ack times, and outcomes that were neither an ack nor a typed UNAVAILABLE. */
export interface BurstResult {
  acked: { seq: number; at: number }[];
  untyped: string[];
  retries: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends `count` messages into a room as fast as `concurrency` sends in flight allow, each
 * retried on UNAVAILABLE with its clientMsgId for at most `giveUpAfterMs`: enough, while no
 * fan-out reads, to push the room past its retention.
 */
export async function burst(url: string, token: string, roomId: string, count: number, concurrency: number, giveUpAfterMs = 15_000): Promise<BurstResult> {
  const result: BurstResult = { acked: [], untyped: [], retries: 0 };
  const socket = io(url, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true, timeout: 3000 });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const joined = (await socket.timeout(4000).emitWithAck(ClientEvent.RoomJoin, { roomId })) as Ack<RoomJoinResult>;
    if (!joined.ok) throw new Error(`burst join: ${joined.error.code}`);
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const i = next++;
        const payload = { roomId, clientMsgId: `burst-${process.pid}-${Date.now().toString(36)}-${i}`, kind: 'chat', text: `burst ${i}` };
        const deadline = Date.now() + giveUpAfterMs;
        for (let attempt = 1; ; attempt++) {
          if (attempt > 1) result.retries++;
          const ack = (await socket.timeout(4000).emitWithAck(ClientEvent.MessageSend, payload).catch(() => undefined)) as Ack<MessageSendResult> | undefined;
          if (ack?.ok) {
            result.acked.push({ seq: ack.seq, at: Date.now() });
            break;
          }
          const why = ack ? `${ack.error.code}: ${ack.error.message}` : 'no ack within 4000 ms';
          if (ack?.error.code !== ErrorCode.Unavailable || Date.now() > deadline) {
            result.untyped.push(why);
            break;
          }
          await sleep(100);
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    socket.disconnect();
  }
  return result;
}
