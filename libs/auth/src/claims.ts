import { ErrorCode, LivecastError, ROLES, UserIdSchema, createValidator, type Principal, type Role } from '@livecast/contracts';

const userId = createValidator(UserIdSchema);
const MAX_NAME_LENGTH = 64;
const KNOWN_ROLES: ReadonlySet<string> = new Set(ROLES);

/**
 * The value at `path` in a claims set: the whole path as one claim name first (namespaced
 * claims such as `https://example.com/roles` contain dots), else a dotted walk through
 * nested objects (`realm_access.roles`). Own properties only.
 */
export function claimAt(claims: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(claims, path)) return claims[path];
  let value: unknown = claims;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * The role a role claim grants: absent → viewer; a known role name → that role; an array
 * (provider groups or roles) → the most privileged known role in it, unknown entries
 * ignored, none known → viewer. A single unknown name or any other shape is refused: the
 * token states a role this deployment does not have.
 */
export function roleOf(value: unknown): Role {
  if (value === undefined || value === null) return 'viewer';
  if (typeof value === 'string') {
    if (KNOWN_ROLES.has(value)) return value as Role;
    throw claimsInvalid(`role "${value.slice(0, 32)}" is not one of ${ROLES.join('|')}`);
  }
  if (Array.isArray(value)) {
    let best = 0;
    for (const entry of value) if (typeof entry === 'string' && KNOWN_ROLES.has(entry)) best = Math.max(best, ROLES.indexOf(entry as Role));
    return ROLES[best];
  }
  throw claimsInvalid('role claim must be a role name or an array of them');
}

/** Who a verified claims set speaks for: `sub` as the id, the role from `roleClaim`, a display name. */
export function principalFromClaims(claims: Record<string, unknown>, roleClaim: string): Principal {
  const { sub } = claims;
  if (!userId.is(sub)) throw claimsInvalid(`need sub (${String(UserIdSchema.description)})`);
  const role = roleOf(claimAt(claims, roleClaim));
  return { id: sub, name: displayName(claims, sub), role, guest: false };
}

/** `name`, else `preferred_username`, else the id; cut to 64 code units without splitting a character. */
function displayName(claims: Record<string, unknown>, sub: string): string {
  const candidate = [claims.name, claims.preferred_username].find((v): v is string => typeof v === 'string' && v.trim() !== '');
  const name = candidate?.trim() ?? sub;
  if (name.length <= MAX_NAME_LENGTH) return name;
  const cut = name.slice(0, MAX_NAME_LENGTH);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

function claimsInvalid(detail: string): LivecastError {
  return new LivecastError(ErrorCode.Unauthenticated, `token claims invalid: ${detail}`);
}
