import { ErrorCode, LivecastError } from '@livecast/contracts';
import jwt from 'jsonwebtoken';
import { TokenVerifier, mintToken } from './token-verifier';

const secret = 'test-secret-0123456789';
const verifier = new TokenVerifier({ secret, allowGuests: true });

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err instanceof LivecastError ? err.code : 'not-a-livecast-error';
  }
}

describe('auth: TokenVerifier', () => {
  it('accepts a minted token', () => {
    const principal = verifier.verify(mintToken(secret, { sub: 'alice', role: 'host', name: 'Alice' }));
    expect(principal).toEqual({ id: 'alice', name: 'Alice', role: 'host', guest: false });
  });

  it('turns a missing token into a guest', () => {
    expect(verifier.verify(undefined)).toMatchObject({ guest: true, role: 'viewer' });
  });

  it('refuses guests when they are not allowed', () => {
    const strict = new TokenVerifier({ secret, allowGuests: false });
    expect(codeOf(() => strict.verify(undefined))).toBe(ErrorCode.Unauthenticated);
  });

  it.each([
    ['wrong secret', mintToken('another-secret-xyz', { sub: 'a', role: 'viewer' })],
    ['expired', jwt.sign({ role: 'viewer', sub: 'a', exp: Math.floor(Date.now() / 1000) - 10 }, secret)],
    ['bad role', jwt.sign({ role: 'god', sub: 'a' }, secret, { expiresIn: 60 })],
    ['sub with dots', jwt.sign({ role: 'viewer', sub: 'a.b' }, secret, { expiresIn: 60 })],
    ['no exp', jwt.sign({ role: 'viewer', sub: 'a' }, secret)],
    ['none algorithm', jwt.sign({ role: 'viewer', sub: 'a' }, '', { algorithm: 'none' })],
    ['garbage', 'not.a.jwt'],
    ['number', 42],
  ])('refuses %s', (_name, token) => {
    expect(codeOf(() => verifier.verify(token))).toBe(ErrorCode.Unauthenticated);
  });

  it('reports expiry as the reason', () => {
    const token = jwt.sign({ role: 'viewer', sub: 'a', exp: Math.floor(Date.now() / 1000) - 10 }, secret);
    expect(() => verifier.verify(token)).toThrow('token expired');
  });

  it('reads bearer headers and never makes guests from them', () => {
    expect(verifier.verifyBearer(`Bearer ${mintToken(secret, { sub: 'bob', role: 'admin' })}`).id).toBe('bob');
    expect(codeOf(() => verifier.verifyBearer(undefined))).toBe(ErrorCode.Unauthenticated);
  });
});
