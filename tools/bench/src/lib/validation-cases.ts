import { MESSAGE_KINDS, MessageSendRequestSchema, messageSendRequest } from '@livecast/contracts';
import * as v from 'valibot';
import { z } from 'zod';

/** One way of checking a `message:send` payload: true when it is accepted. */
export interface ValidationCase {
  name: string;
  accepts(input: unknown): boolean;
}

// Taken from the contract so every library checks exactly the same rules.
const ROOM_ID = new RegExp(MessageSendRequestSchema.properties.roomId.pattern ?? '');
const CLIENT_MSG_ID = new RegExp(MessageSendRequestSchema.properties.clientMsgId.pattern ?? '');
const MAX_TEXT = MessageSendRequestSchema.properties.text.maxLength ?? Infinity;

const zodSchema = z.strictObject({
  roomId: z.string().regex(ROOM_ID),
  clientMsgId: z.string().regex(CLIENT_MSG_ID),
  kind: z.enum(MESSAGE_KINDS),
  text: z.string().max(MAX_TEXT),
});

const valibotSchema = v.strictObject({
  roomId: v.pipe(v.string(), v.regex(ROOM_ID)),
  clientMsgId: v.pipe(v.string(), v.regex(CLIENT_MSG_ID)),
  kind: v.picklist(MESSAGE_KINDS),
  text: v.pipe(v.string(), v.maxLength(MAX_TEXT)),
});

function typeboxParse(input: unknown): boolean {
  try {
    messageSendRequest.parse(input);
    return true;
  } catch {
    return false;
  }
}

/** The validators compared, each given an already decoded object (socket.io decodes the packet first). */
export const VALIDATORS: readonly ValidationCase[] = [
  { name: 'typebox.compiled.is', accepts: (input) => messageSendRequest.is(input) },
  // What ingest calls: the check, plus the first error and a LivecastError when it fails.
  { name: 'typebox.compiled.parse', accepts: typeboxParse },
  { name: 'zod4.strictObject.safeParse', accepts: (input) => zodSchema.safeParse(input).success },
  { name: 'valibot.strictObject.safeParse', accepts: (input) => v.safeParse(valibotSchema, input).success },
];

const TEXTS = ['hi', 'gg!!', 'what a play 🔥🔥', 'first time here, greetings from Lisbon', 'lol', 'that was insane '.repeat(6), '❤️', ''];

/** Valid payloads, varied the way real ones are (ids, kinds, text lengths, emoji). */
export function validInputs(count: number): { roomId: string; clientMsgId: string; kind: string; text: string }[] {
  return Array.from({ length: count }, (_, i) => ({
    roomId: `room-${i % 50}`,
    clientMsgId: `m-${(i * 7919).toString(36)}`,
    kind: i % 10 === 0 ? 'gift' : i % 7 === 0 ? 'like' : 'chat',
    text: TEXTS[i % TEXTS.length],
  }));
}

/** Invalid payloads, one kind of mistake each, in rotation. */
export function invalidInputs(count: number): Record<string, unknown>[] {
  const mistakes: ((m: Record<string, unknown>) => void)[] = [
    (m) => (m.kind = 'shout'),
    (m) => (m.roomId = 'room.with.dots'),
    (m) => (m.admin = true),
    (m) => delete m.text,
    (m) => (m.text = 42),
  ];
  return validInputs(count).map((m: Record<string, unknown>, i) => {
    mistakes[i % mistakes.length](m);
    return m;
  });
}
