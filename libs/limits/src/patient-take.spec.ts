import type { GcraDecision } from './gcra';
import { takeWithinWait } from './patient-take';

const granted: GcraDecision = { allowed: true, newTat: 0, retryAfterMs: 0, remaining: 0 };
const refused = (retryAfterMs: number): GcraDecision => ({ allowed: false, newTat: 0, retryAfterMs, remaining: 0 });

describe('limits: takeWithinWait', () => {
  it('grants at once without waiting', async () => {
    const waits: number[] = [];
    expect(await takeWithinWait(() => granted, 250, async (ms) => void waits.push(ms))).toBe(granted);
    expect(waits).toEqual([]);
  });

  it('waits a short retry hint out and decides once more', async () => {
    const decisions = [refused(89), granted];
    const waits: number[] = [];
    expect(await takeWithinWait(() => decisions.shift() as GcraDecision, 250, async (ms) => void waits.push(ms))).toBe(granted);
    expect(waits).toEqual([89]);
  });

  it('refuses at once when the hint is longer than the wait allowed, and after one more refusal', async () => {
    const waits: number[] = [];
    expect(await takeWithinWait(() => refused(400), 250, async (ms) => void waits.push(ms))).toMatchObject({ allowed: false, retryAfterMs: 400 });
    const decisions = [refused(50), refused(60)];
    expect(await takeWithinWait(() => decisions.shift() as GcraDecision, 250, async (ms) => void waits.push(ms))).toMatchObject({ allowed: false, retryAfterMs: 60 });
    expect(waits).toEqual([50]);
  });
});
