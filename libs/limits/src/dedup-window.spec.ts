import { ErrorCode } from '@livecast/contracts';
import { DedupWindow } from './dedup-window';

const T0 = 1_700_000_000_000;
const ack = (seq: number) => ({ ok: true as const, seq });

describe('limits: DedupWindow', () => {
  it.each([
    ['just remembered', 0, ack(1)],
    ['just before the window ends', 9_999, ack(1)],
    ['when the window ends', 10_000, undefined],
    ['long after', 60_000, undefined],
  ])('get %s', (_name, after, expected) => {
    const window = new DedupWindow<ReturnType<typeof ack>>({ windowMs: 10_000, maxEntries: 10 });
    window.remember('alice:m1', ack(1), T0);
    expect(window.get('alice:m1', T0 + after)).toEqual(expected);
  });

  it('does not know keys it was not told', () => {
    const window = new DedupWindow<number>({ windowMs: 10_000, maxEntries: 10 });
    window.remember('alice:m1', 1, T0);
    expect(window.get('alice:m2', T0)).toBeUndefined();
    expect(window.get('bob:m1', T0)).toBeUndefined();
  });

  it('re-remembering a key replaces its value and restarts its window', () => {
    const window = new DedupWindow<number>({ windowMs: 10_000, maxEntries: 10 });
    window.remember('a', 1, T0);
    window.remember('b', 2, T0 + 1_000);
    window.remember('a', 3, T0 + 5_000);
    expect(window.sweep(T0 + 11_000)).toBe(1);
    expect(window.get('a', T0 + 11_000)).toBe(3);
    expect(window.get('b', T0 + 11_000)).toBeUndefined();
  });

  it('sweep drops exactly the expired keys, oldest first', () => {
    const window = new DedupWindow<number>({ windowMs: 1_000, maxEntries: 100 });
    for (let i = 0; i < 10; i++) window.remember(`k${i}`, i, T0 + i * 100);
    expect(window.sweep(T0 + 1_000)).toBe(1);
    expect(window.sweep(T0 + 1_450)).toBe(4);
    expect(window.size).toBe(5);
    expect(window.get('k5', T0 + 1_450)).toBe(5);
  });

  it('remember sweeps what expired, so memory follows the window without a timer', () => {
    const window = new DedupWindow<number>({ windowMs: 1_000, maxEntries: 100 });
    for (let i = 0; i < 50; i++) window.remember(`k${i}`, i, T0 + i * 100);
    expect(window.size).toBe(10);
  });

  it('past maxEntries forgets the oldest key', () => {
    const window = new DedupWindow<number>({ windowMs: 60_000, maxEntries: 2 });
    window.remember('a', 1, T0);
    window.remember('b', 2, T0 + 1);
    window.remember('c', 3, T0 + 2);
    expect(window.size).toBe(2);
    expect([window.get('a', T0 + 3), window.get('b', T0 + 3), window.get('c', T0 + 3)]).toEqual([undefined, 2, 3]);
  });

  it('forgets a key on request, so a failed attempt can be retried', () => {
    const window = new DedupWindow<Promise<number>>({ windowMs: 10_000, maxEntries: 10 });
    const pending = Promise.resolve(1);
    window.remember('a', pending, T0);
    expect(window.get('a', T0 + 1)).toBe(pending);
    window.forget('a');
    expect(window.get('a', T0 + 1)).toBeUndefined();
  });

  it.each([
    ['zero window', { windowMs: 0, maxEntries: 1 }],
    ['NaN window', { windowMs: Number.NaN, maxEntries: 1 }],
    ['zero entries', { windowMs: 1000, maxEntries: 0 }],
    ['fractional entries', { windowMs: 1000, maxEntries: 1.5 }],
  ])('refuses %s', (_name, options) => {
    expect(() => new DedupWindow(options)).toThrow(expect.objectContaining({ code: ErrorCode.Invalid }));
  });
});
