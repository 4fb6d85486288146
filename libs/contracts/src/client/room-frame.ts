import { Type } from '@sinclair/typebox';
import { createValidator } from '../validation';
import { CountSchema, SeqSchema } from '../bounds';
import { RoomIdSchema } from '../ids';
import { ChatMessageSchema } from '../message';

/** Messages one frame may carry. */
const MAX_FRAME_MESSAGES = 1000;

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
 *
 * `replayed` lists chat messages of this frame that an earlier fan-out owner may have
 * accounted for already (shown, or counted as dropped) before it lost the partition: a
 * client whose last toSeq is at or above one of them skips it, so a new owner's replay
 * never brings back, out of order, what the last owner's frames kept off the view. Only
 * normal chat is listed: the one kind every frame accounts for up to its toSeq, whereas a
 * deferred priority message may rightly arrive below it.
 */
export const RoomFrameSchema = Type.Object(
  {
    roomId: RoomIdSchema,
    fromSeq: SeqSchema(1),
    toSeq: SeqSchema(1),
    prevSeq: Type.Optional(SeqSchema()),
    messages: Type.Array(ChatMessageSchema, { maxItems: MAX_FRAME_MESSAGES }),
    replayed: Type.Optional(Type.Array(SeqSchema(1), { maxItems: MAX_FRAME_MESSAGES, description: 'chat messages of this frame an earlier fan-out owner may have shown or dropped: skip those at or below your last toSeq' })),
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
