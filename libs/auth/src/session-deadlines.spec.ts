import { SessionDeadlines } from './session-deadlines';

describe('auth: SessionDeadlines', () => {
  it('hands out a key once, never before its deadline, within one bucket after it', () => {
    const deadlines = new SessionDeadlines<string>(500);
    deadlines.set('a', 10_200);
    expect(deadlines.due(10_199)).toEqual([]);
    expect(deadlines.due(10_499)).toEqual([]);
    expect(deadlines.due(10_500)).toEqual(['a']);
    expect(deadlines.due(20_000)).toEqual([]);
    expect(deadlines.size).toBe(0);
  });

  it('moves a deadline on set and forgets a deleted key', () => {
    const deadlines = new SessionDeadlines<string>(1000);
    deadlines.set('refreshed', 5000);
    deadlines.set('refreshed', 60_000);
    deadlines.set('gone', 5000);
    deadlines.delete('gone');
    expect(deadlines.due(10_000)).toEqual([]);
    expect(deadlines.due(60_000)).toEqual(['refreshed']);
  });

  it('never expires a key with an infinite deadline (guests)', () => {
    const deadlines = new SessionDeadlines<string>(1000);
    deadlines.set('guest', Number.POSITIVE_INFINITY);
    expect(deadlines.size).toBe(0);
    expect(deadlines.due(Number.MAX_SAFE_INTEGER)).toEqual([]);
  });

  it('hands out a deadline already passed at the next call, and everything after a long pause', () => {
    const deadlines = new SessionDeadlines<number>(250);
    for (let i = 0; i < 1000; i++) deadlines.set(i, 1000 + i * 10);
    deadlines.set(-1, 0);
    expect(deadlines.due(1000).sort((a, b) => a - b)).toEqual([-1, 0]);
    expect(deadlines.due(1_000_000)).toHaveLength(999);
  });
});
