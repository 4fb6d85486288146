import { gcraDecide } from './gcra';
import { priorityLane } from './priority-lane';

const T0 = 1_700_000_000_000;

describe('limits: priorityLane', () => {
  it('admits at most the screen rate plus one burst, whatever is offered', () => {
    const lane = priorityLane(10, 5);
    let tat: number | undefined;
    let admitted = 0;
    // A moderator flood: 20 per second for 10 s.
    for (let i = 0; i < 200; i++) {
      const d = gcraDecide(tat, T0 + i * 50, lane.urgent);
      if (d.allowed) {
        admitted++;
        tat = d.newTat;
      }
    }
    expect(admitted).toBeLessThanOrEqual(5 + 10 * 10);
    expect(admitted).toBeGreaterThanOrEqual(10 * 10);
  });

  it('keeps part of the burst for urgent messages during a gift rush', () => {
    const lane = priorityLane(10, 6);
    let tat: number | undefined;
    for (let i = 0; i < 50; i++) {
      const d = gcraDecide(tat, T0, lane.gift);
      if (d.allowed) tat = d.newTat;
    }
    expect(gcraDecide(tat, T0, lane.gift).allowed).toBe(false);
    const urgent = [1, 2, 3, 4].map(() => {
      const d = gcraDecide(tat, T0, lane.urgent);
      if (d.allowed) tat = d.newTat;
      return d.allowed;
    });
    expect(urgent).toEqual([true, true, true, false]);
  });

  it('refuses an unusable lane', () => {
    expect(() => priorityLane(0, 5)).toThrow();
    expect(() => priorityLane(10, 0)).toThrow();
  });
});
