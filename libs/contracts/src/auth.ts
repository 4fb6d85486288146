import { Type, type Static } from '@sinclair/typebox';
import { RoleSchema, UserIdSchema } from './ids';
import { createValidator } from './validation';

/** Claims of a livecast JWT (HS256). Unknown extra claims are allowed: tokens come from other systems. */
export const TokenClaimsSchema = Type.Object({
  sub: UserIdSchema,
  name: Type.Optional(Type.String({ maxLength: 64 })),
  role: RoleSchema,
  exp: Type.Integer(),
});
export type TokenClaims = Static<typeof TokenClaimsSchema>;
export const tokenClaims = createValidator(TokenClaimsSchema);
