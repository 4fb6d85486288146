import { MixPicker, parseMix } from './mix';

describe('mix', () => {
  it('parseMix: normalizes shares and defaults missing kinds to 0', () => {
    expect(parseMix('chat=8,like=1,gift=1')).toEqual({ chat: 0.8, like: 0.1, gift: 0.1, system: 0 });
    expect(parseMix('chat=0.8,like=0.1,gift=0.05,system=0.05').system).toBeCloseTo(0.05);
  });

  it('parseMix: refuses unknown kinds, negative shares and an empty mix', () => {
    expect(() => parseMix('shout=1')).toThrow(/unknown kind/);
    expect(() => parseMix('chat=-1')).toThrow(/>= 0/);
    expect(() => parseMix('chat=0')).toThrow(/at least one/);
  });

  it('MixPicker: counts stay within 1 of the exact share at every prefix', () => {
    const shares = { chat: 0.8, like: 0.1, gift: 0.05, system: 0.05 };
    const picker = new MixPicker(shares);
    const counts: Record<string, number> = { chat: 0, like: 0, gift: 0, system: 0 };
    for (let n = 1; n <= 1000; n++) {
      counts[picker.next()]++;
      for (const [kind, share] of Object.entries(shares)) expect(Math.abs(counts[kind] - n * share)).toBeLessThanOrEqual(1);
    }
  });

  it('MixPicker: a single kind is always picked', () => {
    const picker = new MixPicker({ system: 1 });
    expect([picker.next(), picker.next()]).toEqual(['system', 'system']);
  });

});
