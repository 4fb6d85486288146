import { hedged, type HedgeOptions } from './hedged';

type Answer = { ok: boolean; from: number };

/** Copies whose answers the spec settles by hand, with the timeout each was given. */
function copies() {
  const out: { timeoutMs: number; answer: (a: Answer) => void; fail: (e: Error) => void }[] = [];
  const send = (timeoutMs: number) =>
    new Promise<Answer>((answer, fail) => {
      out.push({ timeoutMs, answer, fail });
    });
  return { out, send };
}

const options = (overrides: Partial<HedgeOptions<Answer>> = {}): HedgeOptions<Answer> => ({
  timeoutMs: 2000,
  hedgeAfterMs: 500,
  maxCopies: 3,
  conclusive: (a) => a.ok,
  ...overrides,
});

describe('resilience: hedged', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('an answer within the hedge delay settles it with one copy', async () => {
    const { out, send } = copies();
    const request = hedged(send, options());
    out[0].answer({ ok: true, from: 0 });
    await expect(request).resolves.toEqual({ ok: true, from: 0 });
    await jest.advanceTimersByTimeAsync(2000);
    expect(out).toHaveLength(1);
  });

  it('sends another copy after each silent hedge delay, with what is left of the timeout, up to maxCopies', async () => {
    const { out, send } = copies();
    const hedges: number[] = [];
    const request = hedged(send, options({ onHedge: (copy) => hedges.push(copy) }));
    await jest.advanceTimersByTimeAsync(1600);
    expect(out.map((c) => c.timeoutMs)).toEqual([2000, 1500, 1000]);
    expect(hedges).toEqual([2, 3]);
    out[2].answer({ ok: true, from: 2 });
    await expect(request).resolves.toEqual({ ok: true, from: 2 });
  });

  it('a refusal waits for the copies still out: a conclusive answer among them wins', async () => {
    const { out, send } = copies();
    const request = hedged(send, options());
    await jest.advanceTimersByTimeAsync(500);
    out[1].answer({ ok: false, from: 1 });
    await jest.advanceTimersByTimeAsync(1000);
    expect(out).toHaveLength(2);
    out[0].answer({ ok: true, from: 0 });
    await expect(request).resolves.toEqual({ ok: true, from: 0 });
  });

  it('a refusal with a copy that then fails (timed out: outcome unknown) rejects with that failure', async () => {
    const { out, send } = copies();
    const request = hedged(send, options());
    await jest.advanceTimersByTimeAsync(500);
    out[1].answer({ ok: false, from: 1 });
    out[0].fail(new Error('TIMEOUT'));
    await expect(request).rejects.toThrow('TIMEOUT');
  });

  it('settles with the refusal once every copy refused', async () => {
    const { out, send } = copies();
    const request = hedged(send, options());
    await jest.advanceTimersByTimeAsync(500);
    out[0].answer({ ok: false, from: 0 });
    out[1].answer({ ok: false, from: 1 });
    await expect(request).resolves.toEqual({ ok: false, from: 0 });
  });

  it('sends no copy that would have no time left', async () => {
    const { out, send } = copies();
    const request = hedged(send, options({ timeoutMs: 800 }));
    await jest.advanceTimersByTimeAsync(800);
    expect(out.map((c) => c.timeoutMs)).toEqual([800, 300]);
    out[0].fail(new Error('TIMEOUT'));
    out[1].fail(new Error('TIMEOUT'));
    await expect(request).rejects.toThrow('TIMEOUT');
  });
});
