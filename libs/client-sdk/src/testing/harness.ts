import { ClientEvent, type ChatMessage } from '@livecast/contracts/client';
import { LivecastClient } from '../livecast-client';
import type { ClientTuning, RoomSession, RoomSessionEvents } from '../types';
import { FakeSocket, type FakeAnswer } from './fake-socket';
import { joinAck, msg, tick } from './fixtures';

/** What a session emitted, condensed for assertions. */
export interface SessionLog {
  events: string[];
  messages: number[][];
  gaps: RoomSessionEvents['gap'][0][];
  skipped: number[];
  resumed: RoomSessionEvents['resumed'][0][];
  ended: string[];
}

/** Records every event of `session`. */
export function record(session: RoomSession): SessionLog {
  const log: SessionLog = { events: [], messages: [], gaps: [], skipped: [], resumed: [], ended: [] };
  session.on('messages', (m) => (log.events.push('messages'), log.messages.push(m.map((x) => x.seq))));
  session.on('gap', (g) => (log.events.push('gap'), log.gaps.push(g)));
  session.on('skipped', (n) => (log.events.push('skipped'), log.skipped.push(n)));
  session.on('resumed', (r) => (log.events.push('resumed'), log.resumed.push(r)));
  session.on('ended', (e) => (log.events.push('ended'), log.ended.push(e.code)));
  session.on('shaped', () => log.events.push('shaped'));
  session.on('online', (n) => log.events.push(`online:${n}`));
  session.on('control', (c) => log.events.push(`control:${c.action}`));
  return log;
}

/** The ack a gateway gives an accepted send: its seq and the message as the sender's echo. */
export function sendAck(payload: { roomId: string; clientMsgId: string; text: string }, seq: number): object {
  const message: ChatMessage = { ...msg(seq, payload.roomId, payload.text), clientMsgId: payload.clientMsgId };
  return { ok: true, seq, duplicate: false, message };
}

/** Answers client events by name; events without an entry get `{ ok: true }`. */
export function route(answers: Partial<Record<string, (payload: never) => FakeAnswer | Promise<FakeAnswer>>>) {
  return (event: string, payload: unknown) => answers[event]?.(payload as never) ?? { ok: true };
}

/** A connected client on a fake socket, joined to room r1 with `history` (frames after it are live). */
export async function joinedSession(history: number[] = [1, 2], tuning: Partial<ClientTuning> = {}) {
  const socket = new FakeSocket();
  let seq = 100;
  socket.answer = route({
    [ClientEvent.RoomJoin]: () => joinAck(history),
    [ClientEvent.MessageSend]: (p: { roomId: string; clientMsgId: string; text: string }) => sendAck(p, ++seq),
  });
  const client = new LivecastClient(socket, { ackTimeoutMs: 60, retryDelayMs: 1, serverReconnectDelayMs: 1, ...tuning });
  socket.accept();
  const session = await client.join('r1');
  const log = record(session);
  await tick();
  return { socket, client, session, log };
}

/** Waits (at most 2 s, in 5 ms steps) until `done` holds; the caller's expectations say whether it did. */
export async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; !done() && waited < 2000; waited += 5) await tick(5);
}
