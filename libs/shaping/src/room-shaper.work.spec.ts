// The shaper's work per message in a flooded room, counted — not timed: V8's block
// coverage counts every executed block (loop bodies included) of the shaping sources, so
// the count per message is the number of steps the shaper took for it.
import { Session } from 'node:inspector';
import { RoomShaper } from './room-shaper';
import { flood } from './spec-kit';

const session = new Session();

function post<T>(method: string, params: object = {}): T {
  let result: T | undefined;
  let failure: Error | null = null;
  // The inspector answers synchronously on an in-process session.
  session.post(method, params, (err, res) => {
    failure = err;
    result = res as T;
  });
  if (failure) throw failure;
  return result as T;
}

interface Coverage {
  result: Array<{ url: string; functions: Array<{ ranges: Array<{ count: number }> }> }>;
}

/** Blocks executed in libs/shaping since the last call. */
function shapingBlocks(): number {
  const { result } = post<Coverage>('Profiler.takePreciseCoverage');
  let blocks = 0;
  for (const script of result) {
    if (!script.url.includes('libs/shaping/src/') || script.url.includes('.spec.')) continue;
    for (const fn of script.functions) for (const range of fn.ranges) blocks += range.count;
  }
  return blocks;
}

/** Blocks per message of shaping `perSec` msgs/s for 3 s (ticks every 100 ms), after a warm-up second. */
function blocksPerMessage(perSec: number): number {
  const shaper = new RoomShaper('r1');
  const arrivals = flood(perSec, 4000, { like: 0.3, gift: 0.01, hostChat: 0.005 });
  const warm = arrivals.filter((a) => a.at < 1000);
  const measured = arrivals.slice(warm.length);
  let nextTick = 0;
  const drive = (list: typeof arrivals) => {
    for (const { at, msg } of list) {
      for (; nextTick <= at; nextTick += 100) shaper.tick(nextTick);
      shaper.push(msg, at);
    }
  };
  drive(warm);
  shapingBlocks();
  drive(measured);
  return shapingBlocks() / measured.length;
}

describe('RoomShaper work', () => {
  beforeAll(() => {
    session.connect();
    post('Profiler.enable');
    post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
  });

  afterAll(() => session.disconnect());

  it('RoomShaper work: steps per message of a flooded room do not grow with its input (O(1) per message)', () => {
    const [small, large] = [blocksPerMessage(1_000), blocksPerMessage(30_000)];
    expect(small).toBeGreaterThan(0);
    // 30x the input, the same steps per message: ticks and windows amortize to less, never more.
    expect(large).toBeLessThanOrEqual(small * 1.1);
  });
});
