import { ErrorCode, LivecastError } from '@livecast/contracts';
import { ApiKeyRing } from './api-keys';

const billingKey = 'b'.repeat(40);
const ring = new ApiKeyRing([
  { name: 'billing', key: billingKey },
  { name: 'ops', key: 'o'.repeat(40) },
]);

describe('auth: ApiKeyRing', () => {
  it('acts as an admin named after the key', () => {
    expect(ring.verify(billingKey)).toEqual({ id: 'api-key:billing', name: 'billing', role: 'admin', guest: false });
    expect(ring.verify('o'.repeat(40)).id).toBe('api-key:ops');
  });

  it.each([['a wrong key', 'x'.repeat(40)], ['a prefix', billingKey.slice(0, 39)], ['an empty key', ''], ['a longer key', `${billingKey}b`]])('refuses %s', (_name, key) => {
    expect(() => ring.verify(key)).toThrow(LivecastError);
    try {
      ring.verify(key);
    } catch (err) {
      expect((err as LivecastError).code).toBe(ErrorCode.Unauthenticated);
    }
  });

  it('refuses everything when no key is configured', () => {
    expect(() => new ApiKeyRing([]).verify(billingKey)).toThrow('api key invalid');
  });
});
