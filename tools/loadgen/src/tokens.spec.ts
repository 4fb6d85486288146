import { TokenVerifier, mintToken } from '@livecast/auth';
import jwt from 'jsonwebtoken';
import { TokenMinter, minterFor } from './tokens';

const SECRET = 'a-test-secret-of-some-length';

describe('TokenMinter', () => {
  it('tokens: the suite verifies them as it verifies mintToken tokens', async () => {
    const verifier = new TokenVerifier({ secrets: [SECRET], allowGuests: false });
    const { principal } = await verifier.verify(new TokenMinter(SECRET).mint('lg-v1', 'admin'));
    expect(principal).toEqual({ id: 'lg-v1', name: 'lg-v1', role: 'admin', guest: false });
  });

  it('tokens: same claims as mintToken', () => {
    const fast = jwt.decode(new TokenMinter(SECRET).mint('u1', 'viewer', 60)) as Record<string, unknown>;
    const reference = jwt.decode(mintToken(SECRET, { sub: 'u1', role: 'viewer' }, 60)) as Record<string, unknown>;
    expect(Object.keys(fast).sort()).toEqual(Object.keys(reference).sort());
    expect({ ...fast, iat: 0, exp: 0 }).toEqual({ ...reference, iat: 0, exp: 0 });
  });

  it('tokens: one minter per secret', () => {
    expect(minterFor(SECRET)).toBe(minterFor(SECRET));
  });
});
