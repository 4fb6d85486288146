import { Type, type Static } from '@sinclair/typebox';

/** Room ids are single NATS subject tokens and KV key parts: no dots, spaces or wildcards. */
export const RoomIdSchema = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'room id: 1-64 of A-Z a-z 0-9 _ -' });

/** User ids come from the JWT `sub`; the same alphabet, since they appear in KV keys. */
export const UserIdSchema = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'user id: 1-64 of A-Z a-z 0-9 _ -' });

export const ROLES = ['viewer', 'host', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));

/** Who is acting: taken from a verified token, never from a client payload. */
export const PrincipalSchema = Type.Object(
  {
    id: UserIdSchema,
    name: Type.String({ maxLength: 64 }),
    role: RoleSchema,
    guest: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type Principal = Static<typeof PrincipalSchema>;
