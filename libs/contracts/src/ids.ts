import { Type } from '@sinclair/typebox';

/** Room ids are single NATS subject tokens and KV key parts: no dots, spaces or wildcards. */
export const RoomIdSchema = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'room id: 1-64 of A-Z a-z 0-9 _ -' });

/** Longest user id, in UTF-16 code units: a `sub` of any identity provider fits. */
export const MAX_USER_ID_LENGTH = 255;

/**
 * User ids are the JWT `sub` as the identity provider issued it (`auth0|5f7c…`,
 * `alice.smith@example.com`): printable Unicode, without control, line-separator or
 * bidi-override characters. Where one must be a subject token or KV key, `userKey` maps it.
 */
export const UserIdSchema = Type.String({
  minLength: 1,
  maxLength: MAX_USER_ID_LENGTH,
  // Surrogates only in pairs: a lone one is not a character and would not survive UTF-8.
  pattern: '^(?:[^\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069\\uD800-\\uDFFF]|[\\uD800-\\uDBFF][\\uDC00-\\uDFFF])+$',
  description: `user id: 1-${MAX_USER_ID_LENGTH} printable characters`,
});

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
/** Written out from the schema (wire.generated.ts). */
export type { Principal } from './client/wire.generated';
