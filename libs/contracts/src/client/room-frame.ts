import { Type, type Static } from '@sinclair/typebox';
import { createValidator } from '../validation';
import { RoomIdSchema } from '../ids';
import { ChatMessageSchema } from '../message';

/** Counters for what shaping kept off the live view; history still has all of it. */
export const ShapedCountersSchema = Type.Object(
  {
    dropped: Type.Integer({ minimum: 0, description: 'chat messages shaped away' }),
    likes: Type.Integer({ minimum: 0, description: 'likes folded into this count' }),
  },
  { additionalProperties: false },
);
export type ShapedCounters = Static<typeof ShapedCountersSchema>;

/**
 * A frame: the room's messages with stream sequence in [fromSeq, toSeq], shaped.
 * `prevSeq` is the toSeq of the room's previous frame, so a client sees a gap when
 * prevSeq differs from the last toSeq it received; it is absent when the fan-out
 * owner cannot know it (first frame after an owner change).
 */
export const RoomFrameSchema = Type.Object(
  {
    roomId: RoomIdSchema,
    fromSeq: Type.Integer({ minimum: 1 }),
    toSeq: Type.Integer({ minimum: 1 }),
    prevSeq: Type.Optional(Type.Integer({ minimum: 0 })),
    messages: Type.Array(ChatMessageSchema, { maxItems: 1000 }),
    shaped: ShapedCountersSchema,
    online: Type.Optional(Type.Integer({ minimum: 0 })),
    /** Set by the gateway: frames this connection did not get because it was too slow. */
    skipped: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type RoomFrame = Static<typeof RoomFrameSchema>;
export const roomFrame = createValidator(RoomFrameSchema);
