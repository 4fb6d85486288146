import { ErrorCode } from '@livecast/contracts';
import { DEMO_HOST_ID, DevTokens } from './dev-tokens';

const SECRET = 'demo-spec-secret-0123456789';

describe('demo: DevTokens', () => {
  const tokens = new DevTokens(SECRET, 60, () => 0.5);

  it('mints a viewer token with a user id made from the name, and the host token for the demo host', () => {
    const viewer = tokens.issue({ name: '  Zoë Smith ' });
    expect(viewer).toMatchObject({ userId: 'zoe-smith-i000', name: 'Zoë Smith', role: 'viewer' });
    const host = tokens.issue({ name: 'Ann', role: 'host' });
    expect(host).toMatchObject({ userId: DEMO_HOST_ID, role: 'host' });
    const claims = JSON.parse(Buffer.from(viewer.token.split('.')[1], 'base64url').toString('utf8'));
    expect(claims).toMatchObject({ sub: 'zoe-smith-i000', name: 'Zoë Smith', role: 'viewer' });
    expect(claims.exp - claims.iat).toBe(60);
  });

  it('falls back to a generic id for a name without letters or digits', () => {
    expect(tokens.issue({ name: '★★★' }).userId).toBe('viewer-i000');
  });

  it.each([
    [{}, 'name'],
    [{ name: '' }, 'name'],
    [{ name: '   ' }, 'name'],
    [{ name: 'x'.repeat(41) }, 'name'],
    [{ name: 'bad\u0007bell' }, 'name'],
    [{ name: 'Eve', role: 'admin' }, 'role'],
    [{ name: 'Eve', sub: 'someone-else' }, 'sub'],
    ['Eve', undefined],
  ])('refuses %j with INVALID', (body, field) => {
    expect(() => tokens.issue(body)).toThrow(expect.objectContaining({ code: ErrorCode.Invalid, field }));
  });
});
