import { OriginPolicy } from './origin-policy';

describe('auth: OriginPolicy', () => {
  const policy = new OriginPolicy(['https://app.example.com', 'http://localhost:5173/']);

  it.each<[string | undefined, boolean]>([
    ['https://app.example.com', true],
    ['HTTPS://APP.EXAMPLE.COM', true],
    ['http://localhost:5173', true],
    ['https://evil.example.com', false],
    ['https://app.example.com.evil.com', false],
    ['http://app.example.com', false],
    ['null', false],
    [undefined, true],
  ])('%s → %s', (origin, allowed) => {
    expect(policy.allows(origin)).toBe(allowed);
  });

  it('allows any origin with an empty list, and says so to CORS', () => {
    expect(new OriginPolicy([]).allows('https://anything.example')).toBe(true);
    expect(new OriginPolicy([]).corsOrigin).toBe(true);
    expect(policy.corsOrigin).toEqual(['https://app.example.com', 'http://localhost:5173']);
  });
});
