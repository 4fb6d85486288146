import { defaultRunId, parseCount, parseList, parsePositive, parseRange, parseRate } from './options';

describe('options', () => {
  it('parseRate: plain, per second and per minute', () => {
    expect(parseRate('2000')).toBe(2000);
    expect(parseRate('2000/s')).toBe(2000);
    expect(parseRate('120/m')).toBe(2);
    expect(() => parseRate('fast')).toThrow(/not a rate/);
  });

  it('parseRange: single value or min-max', () => {
    expect(parseRange('500')).toEqual([500, 500]);
    expect(parseRange('200-2000')).toEqual([200, 2000]);
    expect(() => parseRange('5-1')).toThrow(/below min/);
  });

  it('parseList, parseCount, parsePositive', () => {
    expect(parseList(' a, b,,c ')).toEqual(['a', 'b', 'c']);
    expect(parseCount('3', 'x')).toBe(3);
    expect(() => parseCount('1.5', 'x')).toThrow(/whole number/);
    expect(() => parsePositive('0', 'y')).toThrow(/> 0/);
  });

  it('defaultRunId: a valid id token', () => {
    expect(defaultRunId(1_700_000_000_000)).toMatch(/^lg[a-z0-9]+$/);
  });
});
