import { ErrorCode, LivecastError } from '@livecast/contracts';
import { claimAt, principalFromClaims, roleOf } from './claims';

describe('auth: claims', () => {
  it.each<[Record<string, unknown>, string, unknown]>([
    [{ role: 'host' }, 'role', 'host'],
    [{ 'https://example.com/roles': ['admin'] }, 'https://example.com/roles', ['admin']],
    [{ realm_access: { roles: ['host'] } }, 'realm_access.roles', ['host']],
    [{ realm_access: ['host'] }, 'realm_access.roles', undefined],
    [{ a: { b: null } }, 'a.b.c', undefined],
    [{}, '__proto__', undefined],
    [{}, 'constructor.name', undefined],
  ])('claimAt(%j, %s)', (claims, path, value) => {
    expect(claimAt(claims, path)).toEqual(value);
  });

  it.each<[unknown, string]>([
    [undefined, 'viewer'],
    [null, 'viewer'],
    ['moderator', 'moderator'],
    [['viewer', 'admin', 'host'], 'admin'],
    [['host', 'moderator'], 'moderator'],
    [['offline_access', 42, { role: 'admin' }], 'viewer'],
    [[], 'viewer'],
  ])('roleOf(%j) is %s', (value, role) => {
    expect(roleOf(value)).toBe(role);
  });

  it.each([['god'], [42], [{ role: 'admin' }], [true]])('roleOf(%j) refuses', (value) => {
    expect(() => roleOf(value)).toThrow(LivecastError);
    expect(() => roleOf(value)).toThrow(/token claims invalid/);
  });

  it('builds the principal with the original sub and refuses a bad one', () => {
    expect(principalFromClaims({ sub: 'google-oauth2|1122334455', name: ' Al ' }, 'role')).toEqual({ id: 'google-oauth2|1122334455', name: 'Al', role: 'viewer', guest: false });
    try {
      principalFromClaims({ sub: 12 }, 'role');
      throw new Error('accepted');
    } catch (err) {
      expect((err as LivecastError).code).toBe(ErrorCode.Unauthenticated);
    }
  });

  it('never cuts a name inside a surrogate pair', () => {
    const name = `${'a'.repeat(63)}😀tail`;
    expect(principalFromClaims({ sub: 's', name }, 'role').name).toBe('a'.repeat(63));
  });
});
