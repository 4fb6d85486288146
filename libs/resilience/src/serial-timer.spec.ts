import { SerialTimer } from './serial-timer';

describe('resilience: SerialTimer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('never runs the task twice at once, however slow it is', async () => {
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    const timer = new SerialTimer(async () => {
      runs++;
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((r) => setTimeout(r, 350));
      running--;
    }, 100);
    timer.start();
    await jest.advanceTimersByTimeAsync(2000);
    const stopping = timer.stop();
    await jest.advanceTimersByTimeAsync(400);
    await stopping;
    expect(maxRunning).toBe(1);
    expect(runs).toBe(5);
  });

  it('keeps going after a failing run', async () => {
    let runs = 0;
    const timer = new SerialTimer(async () => {
      runs++;
      throw new Error('lease round failed');
    }, 100);
    timer.start();
    await jest.advanceTimersByTimeAsync(350);
    await timer.stop();
    expect(runs).toBe(3);
  });
});
