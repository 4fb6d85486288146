import { Type } from '@sinclair/typebox';
import { createValidator } from '../validation';
import { CountSchema } from '../bounds';
import { RoomIdSchema, UserIdSchema } from '../ids';

export const CONTROL_ACTIONS = ['kicked', 'banned', 'muted', 'unmuted', 'closed', 'online'] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];

/** Membership → gateways on the room's control subject; gateways relay the user-facing part. */
export const RoomControlSchema = Type.Object(
  {
    roomId: RoomIdSchema,
    action: Type.Union(CONTROL_ACTIONS.map((a) => Type.Literal(a))),
    /** The user the action targets; absent for room-wide actions. */
    userId: Type.Optional(UserIdSchema),
    reason: Type.Optional(Type.String({ maxLength: 200 })),
    /** Room-wide online count, for action `online`. */
    online: Type.Optional(CountSchema()),
  },
  { additionalProperties: false },
);
/** Written out from the schema (wire.generated.ts). */
export type { RoomControl } from './wire.generated';
export const roomControl = createValidator(RoomControlSchema);
