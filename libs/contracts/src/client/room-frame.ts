import { Type } from '@sinclair/typebox';
import { createValidator } from '../validation';
import { CountSchema, SeqSchema } from '../bounds';
import { RoomIdSchema } from '../ids';
import { ChatMessageSchema } from '../message';

/** Counters for what shaping kept off the live view; history still has all of it. */
export const ShapedCountersSchema = Type.Object(
  {
    dropped: CountSchema('chat messages shaped away'),
    likes: CountSchema('likes folded into this count'),
  },
  { additionalProperties: false },
);
/** Written out from the schema (wire.generated.ts). */
export type { ShapedCounters } from './wire.generated';

/**
 * A frame: the room's messages with stream sequence in [fromSeq, toSeq], shaped.
 * `prevSeq` is the toSeq of the room's previous frame, so a client sees a gap when
 * prevSeq differs from the last toSeq it received; it is absent when the fan-out
 * owner cannot know it (first frame after an owner change).
 */
export const RoomFrameSchema = Type.Object(
  {
    roomId: RoomIdSchema,
    fromSeq: SeqSchema(1),
    toSeq: SeqSchema(1),
    prevSeq: Type.Optional(SeqSchema()),
    messages: Type.Array(ChatMessageSchema, { maxItems: 1000 }),
    shaped: ShapedCountersSchema,
    online: Type.Optional(CountSchema()),
    /** Set by the gateway: frames this connection did not get because it was too slow. */
    skipped: Type.Optional(CountSchema()),
  },
  { additionalProperties: false },
);
/** Written out from the schema (wire.generated.ts). */
export type { RoomFrame } from './wire.generated';
export const roomFrame = createValidator(RoomFrameSchema);
