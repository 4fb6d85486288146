import { SharedRateLimiter, type RateLimitStore } from './shared-rate-limiter';

/** The compare-and-set part of a KV bucket, in memory, with a write latency to let requests pile up. */
class FakeStore implements RateLimitStore {
  private readonly entries = new Map<string, { value: number; revision: number }>();
  private revision = 0;
  writes = 0;

  async entry(key: string): Promise<{ value: number; revision: number } | null> {
    return this.entries.get(key) ?? null;
  }

  async create(key: string, value: number): Promise<number> {
    await new Promise((r) => setTimeout(r, 2));
    if (this.entries.has(key)) throw new Error('wrong last sequence: 1');
    return this.write(key, value);
  }

  async update(key: string, value: number, revision: number): Promise<number> {
    await new Promise((r) => setTimeout(r, 2));
    if (this.entries.get(key)?.revision !== revision) throw new Error(`wrong last sequence: ${revision}`);
    return this.write(key, value);
  }

  private write(key: string, value: number): number {
    this.writes++;
    this.entries.set(key, { value, revision: ++this.revision });
    return this.revision;
  }
}

const limit = { rate: 20, per: 30_000, burst: 20 };

describe('ingest: SharedRateLimiter', () => {
  it('gives a concurrent burst exactly its tokens, with one write per batch', async () => {
    const store = new FakeStore();
    const limiter = new SharedRateLimiter(store);
    const decisions = await Promise.all(Array.from({ length: 30 }, () => limiter.take('u.a', limit, 'refuse')));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(20);
    expect(decisions.filter((d) => !d.allowed).every((d) => d.retryAfterMs > 0)).toBe(true);
    expect(store.writes).toBeLessThanOrEqual(2);
  });

  it('shares one limit between replicas through compare-and-set', async () => {
    const store = new FakeStore();
    const replicas = [new SharedRateLimiter(store), new SharedRateLimiter(store)];
    const decisions = await Promise.all(Array.from({ length: 40 }, (_, i) => replicas[i % 2].take('u.b', limit, 'refuse')));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(20);
    expect(decisions.some((d) => d.contended)).toBe(false);
  });

  it('keeps keys apart and writes nothing for a refusal', async () => {
    const store = new FakeStore();
    const limiter = new SharedRateLimiter(store);
    const tight = { rate: 1, per: 60_000, burst: 1 };
    expect((await limiter.take('u.c', tight, 'refuse')).allowed).toBe(true);
    const writes = store.writes;
    expect((await limiter.take('u.c', tight, 'refuse')).allowed).toBe(false);
    expect(store.writes).toBe(writes);
    expect((await limiter.take('u.d', tight, 'refuse')).allowed).toBe(true);
  });
});
