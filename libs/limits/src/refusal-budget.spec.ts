import { RefusalBudget, newRefusalWindow } from './refusal-budget';

describe('limits: RefusalBudget', () => {
  const budget = new RefusalBudget(3, 1000);

  it('is exhausted at the max-th refusal within the window', () => {
    const window = newRefusalWindow();
    expect([budget.exhausted(window, 10_000), budget.exhausted(window, 10_100), budget.exhausted(window, 10_999)]).toEqual([false, false, true]);
  });

  it('starts over once the window has passed, so a client that backs off is never closed', () => {
    const window = newRefusalWindow();
    const outcomes: boolean[] = [];
    for (let t = 0; t < 20; t++) outcomes.push(budget.exhausted(window, 10_000 + t * 1000), budget.exhausted(window, 10_000 + t * 1000 + 1));
    expect(outcomes.some(Boolean)).toBe(false);
  });

  it('keeps windows apart per connection', () => {
    const a = newRefusalWindow();
    const b = newRefusalWindow();
    budget.exhausted(a, 5000);
    budget.exhausted(a, 5001);
    expect(budget.exhausted(b, 5002)).toBe(false);
    expect(budget.exhausted(a, 5003)).toBe(true);
  });
});
