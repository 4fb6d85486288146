import { parsePids } from './process-cpu';

describe('loadgen: --pids', () => {
  it('parses name=pid lists and names the bad entry', () => {
    expect(parsePids('nats=12, redis=34')).toEqual([
      { name: 'nats', pid: 12 },
      { name: 'redis', pid: 34 },
    ]);
    expect(parsePids('')).toEqual([]);
    expect(() => parsePids('nats=12,oops')).toThrow('"oops"');
  });
});
