import type { KV, KvEntry } from 'nats';
import { SharedRateLimiter } from './shared-rate-limiter';

/** The compare-and-set part of a KV bucket, in memory, with a write latency to let requests pile up. */
class FakeKv {
  private readonly entries = new Map<string, { value: string; revision: number }>();
  private revision = 0;
  writes = 0;

  async get(key: string): Promise<KvEntry | null> {
    const entry = this.entries.get(key);
    if (!entry) return null;
    return { key, revision: entry.revision, operation: 'PUT', string: () => entry.value } as unknown as KvEntry;
  }

  async create(key: string, data: Uint8Array): Promise<number> {
    await new Promise((r) => setTimeout(r, 2));
    if (this.entries.has(key)) throw new Error('wrong last sequence: 1');
    return this.write(key, data);
  }

  async update(key: string, data: Uint8Array, revision: number): Promise<number> {
    await new Promise((r) => setTimeout(r, 2));
    if (this.entries.get(key)?.revision !== revision) throw new Error(`wrong last sequence: ${revision}`);
    return this.write(key, data);
  }

  private write(key: string, data: Uint8Array): number {
    this.writes++;
    this.entries.set(key, { value: new TextDecoder().decode(data), revision: ++this.revision });
    return this.revision;
  }
}

const limit = { rate: 20, per: 30_000, burst: 20 };

describe('ingest: SharedRateLimiter', () => {
  it('gives a concurrent burst exactly its tokens, with one write per batch', async () => {
    const kv = new FakeKv();
    const limiter = new SharedRateLimiter(kv as unknown as KV);
    const decisions = await Promise.all(Array.from({ length: 30 }, () => limiter.take('u.a', limit, 'refuse')));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(20);
    expect(decisions.filter((d) => !d.allowed).every((d) => d.retryAfterMs > 0)).toBe(true);
    expect(kv.writes).toBeLessThanOrEqual(2);
  });

  it('shares one limit between replicas through compare-and-set', async () => {
    const kv = new FakeKv();
    const replicas = [new SharedRateLimiter(kv as unknown as KV), new SharedRateLimiter(kv as unknown as KV)];
    const decisions = await Promise.all(Array.from({ length: 40 }, (_, i) => replicas[i % 2].take('u.b', limit, 'refuse')));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(20);
    expect(decisions.some((d) => d.contended)).toBe(false);
  });

  it('keeps keys apart and writes nothing for a refusal', async () => {
    const kv = new FakeKv();
    const limiter = new SharedRateLimiter(kv as unknown as KV);
    const tight = { rate: 1, per: 60_000, burst: 1 };
    expect((await limiter.take('u.c', tight, 'refuse')).allowed).toBe(true);
    const writes = kv.writes;
    expect((await limiter.take('u.c', tight, 'refuse')).allowed).toBe(false);
    expect(kv.writes).toBe(writes);
    expect((await limiter.take('u.d', tight, 'refuse')).allowed).toBe(true);
  });
});
