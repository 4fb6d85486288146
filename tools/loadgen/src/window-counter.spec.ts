import { percentile } from './histogram';
import { WindowCounter } from './window-counter';

describe('WindowCounter', () => {
  it('window counting: per-slot maxima and the busiest window', () => {
    const counter = new WindowCounter(3);
    counter.add(0, 5);
    counter.add(1, 2);
    counter.close();
    counter.add(0, 1);
    counter.add(1, 7);
    counter.add(2, 3);
    counter.add(2, 1);
    counter.close();
    const result = counter.result();
    expect(result.closed).toBe(2);
    expect(result.maxWindow).toBe(7);
    expect(result.slotMax.count).toBe(3);
    expect(percentile(result.slotMax, 100)).toBe(7);
    expect(percentile(result.slotMax, 1)).toBe(4);
    expect(result.windows.count).toBe(6);
    expect(result.windows.sum).toBe(19);
  });

  it('window counting: a discarded partial window is not counted', () => {
    const counter = new WindowCounter(1);
    counter.add(0, 3);
    counter.close();
    counter.add(0, 100);
    counter.discard();
    counter.close();
    const result = counter.result();
    expect(result.maxWindow).toBe(3);
    expect(result.windows.sum).toBe(3);
  });

  it('window counting: a late window is scaled to the nominal length', () => {
    const counter = new WindowCounter(1);
    counter.add(0, 26);
    counter.close(1000 / 1300);
    expect(counter.result().maxWindow).toBe(20);
  });

  it('window counting: no closed window gives empty slot maxima', () => {
    const counter = new WindowCounter(4);
    counter.add(1, 9);
    expect(counter.result().slotMax.count).toBe(0);
  });
});
