import { Names, type LeaseRecordValue } from '@livecast/contracts';
import type { Versioned } from '@livecast/nats';
import { PartitionLeases, type LeaseStore } from './partition-leases';

const PARTITIONS = 4;
const TTL = 3000;

/** A KV bucket in memory with compare-and-set, counting the operations a round costs. */
class FakeLeaseStore implements LeaseStore {
  readonly ops = { get: 0, create: 0, update: 0, delete: 0 };
  private revision = 0;
  private readonly entries = new Map<string, Versioned<LeaseRecordValue>>();

  async get(key: string): Promise<Versioned<LeaseRecordValue> | null> {
    this.ops.get++;
    return this.entries.get(key) ?? null;
  }

  async create(key: string, value: LeaseRecordValue): Promise<number> {
    this.ops.create++;
    if (this.entries.has(key)) throw new Error('wrong last sequence: 1');
    return this.write(key, value);
  }

  async update(key: string, value: LeaseRecordValue, revision: number): Promise<number> {
    this.ops.update++;
    if (this.entries.get(key)?.revision !== revision) throw new Error(`wrong last sequence: ${revision}`);
    return this.write(key, value);
  }

  async delete(key: string): Promise<void> {
    this.ops.delete++;
    this.entries.delete(key);
  }

  reset(): void {
    for (const op of Object.keys(this.ops) as (keyof typeof this.ops)[]) this.ops[op] = 0;
  }

  private write(key: string, value: LeaseRecordValue): number {
    this.entries.set(key, { value, revision: ++this.revision });
    return this.revision;
  }
}

function instance(store: FakeLeaseStore, me: string) {
  const served = new Set<number>();
  const leases = new PartitionLeases(store, new Names('t'), me, PARTITIONS, TTL, {
    acquired: async (p) => void served.add(p),
    lost: async (p) => void served.delete(p),
  });
  return { leases, served };
}

describe('PartitionLeases', () => {
  it('PartitionLeases: a holder of every partition renews them with one write each and no read', async () => {
    const store = new FakeLeaseStore();
    const a = instance(store, 'a');
    await a.leases.round(0);
    expect(a.leases.heldPartitions).toEqual([0, 1, 2, 3]);
    store.reset();
    await a.leases.round(1000);
    expect(store.ops).toEqual({ get: 0, create: 0, update: PARTITIONS, delete: 0 });
    expect([...a.served].sort()).toEqual([0, 1, 2, 3]);
  });

  it('PartitionLeases: another instance waits for live leases and takes them over once they expire', async () => {
    const store = new FakeLeaseStore();
    const a = instance(store, 'a');
    const b = instance(store, 'b');
    await a.leases.round(0);
    await b.leases.round(1000);
    expect(b.leases.heldPartitions).toEqual([]);
    await b.leases.round(TTL + 1);
    expect(b.leases.heldPartitions).toEqual([0, 1, 2, 3]);
    // The late holder's renewal conflicts: it drops every partition at once.
    await a.leases.round(TTL + 2);
    expect([a.leases.heldPartitions, [...a.served]]).toEqual([[], []]);
  });

  it('PartitionLeases: after releaseAll another instance takes every partition at its next round, without waiting for expiry', async () => {
    const store = new FakeLeaseStore();
    const a = instance(store, 'a');
    const b = instance(store, 'b');
    await a.leases.round(0);
    await b.leases.round(10);
    await a.leases.releaseAll();
    await b.leases.round(20);
    expect([a.leases.heldPartitions, b.leases.heldPartitions, [...a.served]]).toEqual([[], [0, 1, 2, 3], []]);
  });

  it('PartitionLeases: a restarted process under the same id takes its own leases back', async () => {
    const store = new FakeLeaseStore();
    await instance(store, 'a').leases.round(0);
    const again = instance(store, 'a');
    await again.leases.round(500);
    expect(again.leases.heldPartitions).toEqual([0, 1, 2, 3]);
  });
});
