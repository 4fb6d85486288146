import { ErrorCode, LivecastError, type ChatMessage } from '@livecast/contracts';
import { NatsError } from 'nats';
import { DurableAppend, type Appender } from './durable-append';

class FakeClock {
  time = 0;
  now = () => this.time;
  sleep = async (ms: number) => {
    this.time += ms;
  };
}

const message = { roomId: 'r1' } as ChatMessage;
const timeout = () => new NatsError('TIMEOUT', 'TIMEOUT');
const noResponders = () => new NatsError('503', '503');

/** An appender that fails with `failures` in turn, then stores at seq 7 (a duplicate when an earlier attempt got through). */
function appender(failures: (() => Error)[], clock: FakeClock, attemptMs = 0): Appender & { keys: string[] } {
  const keys: string[] = [];
  return {
    keys,
    append: async (_m, key) => {
      keys.push(key);
      clock.time += attemptMs;
      const failure = failures.shift();
      if (failure) throw failure();
      return { seq: 7, duplicate: keys.length > 1 };
    },
  };
}

async function failureOf(p: Promise<unknown>): Promise<LivecastError> {
  return p.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: LivecastError) => err,
  );
}

describe('ingest: DurableAppend', () => {
  it('retries a leaderless moment with the same key and returns the stored seq', async () => {
    const clock = new FakeClock();
    const stream = appender([noResponders, timeout, noResponders], clock);
    await expect(new DurableAppend(stream, 4000, undefined, clock).append(message, 'k1')).resolves.toEqual({ seq: 7, duplicate: true });
    expect(new Set(stream.keys)).toEqual(new Set(['k1']));
  });

  it('through a 3 s election, appends again within an attempt and a backoff of the new leader', async () => {
    const clock = new FakeClock();
    const electedAt = 3000;
    const timeouts: number[] = [];
    let storedAt = -1;
    const stream: Appender = {
      append: async (_m, _key, timeoutMs) => {
        timeouts.push(timeoutMs);
        if (clock.time < electedAt) {
          clock.time += timeoutMs;
          throw timeout();
        }
        storedAt = clock.time;
        return { seq: 7, duplicate: false };
      },
    };
    await expect(new DurableAppend(stream, 8000, undefined, clock).append(message, 'k1')).resolves.toEqual({ seq: 7, duplicate: false });
    expect(Math.max(...timeouts)).toBeLessThanOrEqual(750);
    expect(storedAt - electedAt).toBeLessThanOrEqual(750 + 400 * 1.3);
  });

  it('out of budget after a timeout: UNAVAILABLE, outcome unknown, retryable', async () => {
    const clock = new FakeClock();
    const stream = appender(Array.from({ length: 50 }, () => timeout), clock, 2000);
    const err = await failureOf(new DurableAppend(stream, 4000, undefined, clock).append(message, 'k1'));
    expect([err.code, err.outcome, err.retryable]).toEqual([ErrorCode.Unavailable, 'unknown', true]);
  });

  it('out of budget with only 503s: UNAVAILABLE, not stored', async () => {
    const clock = new FakeClock();
    const stream = appender(Array.from({ length: 100 }, () => noResponders), clock, 10);
    const err = await failureOf(new DurableAppend(stream, 1000, undefined, clock).append(message, 'k1'));
    expect([err.code, err.outcome, err.retryable]).toEqual([ErrorCode.Unavailable, 'not_stored', true]);
    expect(clock.time).toBeLessThanOrEqual(1000);
  });

  it('does not retry a failure that is not transient', async () => {
    const clock = new FakeClock();
    const stream = appender([() => new Error('permissions violation')], clock);
    await expect(new DurableAppend(stream, 4000, undefined, clock).append(message, 'k1')).rejects.toThrow('permissions violation');
    expect(stream.keys).toHaveLength(1);
  });
});
