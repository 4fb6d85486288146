import { Names, type LeaseRecordValue } from '@livecast/contracts';
import type { Versioned } from '@livecast/nats';
import { PartitionLeases, type LeaseStore } from './partition-leases';

const PARTITIONS = 4;
const TTL = 3000;

/** A KV bucket in memory with compare-and-set, counting the operations a round costs. */
class FakeLeaseStore implements LeaseStore {
  readonly ops = { get: 0, create: 0, update: 0 };
  /** Updates of this key land but their reply is lost: the caller sees a timeout, the revision moves. */
  loseRepliesOf?: string;
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
    const written = this.write(key, value);
    if (key === this.loseRepliesOf) throw new Error('TIMEOUT');
    return written;
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
  /** What each acquisition was told to resume at and which consumer slot it got, and the position this instance reports per partition. */
  const resumedAt = new Map<number, number | undefined>();
  const slots = new Map<number, number>();
  const positions = new Map<number, number>();
  const leases = new PartitionLeases(store, new Names('t'), me, PARTITIONS, TTL, {
    acquired: async (p, ownership) => void (served.add(p), resumedAt.set(p, ownership.resumeAt), slots.set(p, ownership.consumerSlot)),
    lost: async (p) => void served.delete(p),
    positionOf: (p) => positions.get(p),
  });
  return { leases, served, resumedAt, slots, positions };
}

describe('PartitionLeases', () => {
  it('PartitionLeases: a holder of every partition renews them with one write each and no read', async () => {
    const store = new FakeLeaseStore();
    const a = instance(store, 'a');
    await a.leases.round(0);
    expect(a.leases.heldPartitions).toEqual([0, 1, 2, 3]);
    store.reset();
    await a.leases.round(1000);
    expect(store.ops).toEqual({ get: 0, create: 0, update: PARTITIONS });
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

  it('PartitionLeases: a renewal whose reply was lost keeps the partition (the lease is still its own) instead of dropping and re-acquiring it', async () => {
    const store = new FakeLeaseStore();
    const names = new Names('t');
    const events: string[] = [];
    const leases = new PartitionLeases(store, names, 'a', PARTITIONS, TTL, {
      acquired: async (p) => void events.push(`+${p}`),
      lost: async (p) => void events.push(`-${p}`),
      positionOf: () => undefined,
    });
    await leases.round(0);
    store.loseRepliesOf = names.leaseKey(0);
    await expect(leases.round(1000)).rejects.toThrow('TIMEOUT');
    store.loseRepliesOf = undefined;
    await leases.round(2000);
    expect(leases.heldPartitions).toEqual([0, 1, 2, 3]);
    expect(events).toEqual(['+0', '+1', '+2', '+3']);
  });

  it('PartitionLeases: a conflicting renewal of a lease another instance now holds drops the partition', async () => {
    const store = new FakeLeaseStore();
    const a = instance(store, 'a');
    await a.leases.round(0);
    const key = new Names('t').leaseKey(2);
    const record = await store.get(key);
    await store.update(key, { ...(record as NonNullable<typeof record>).value, owner: 'b' }, (record as NonNullable<typeof record>).revision);
    await a.leases.round(1000);
    expect(a.leases.heldPartitions).toEqual([0, 1, 3]);
  });

  it('PartitionLeases: the position an owner renews with reaches the next owner, through an expiry or a release', async () => {
    const store = new FakeLeaseStore();
    const a = instance(store, 'a');
    const b = instance(store, 'b');
    await a.leases.round(0);
    a.positions.set(0, 700);
    await a.leases.round(1000);
    await b.leases.round(1000 + TTL + 1);
    expect(b.resumedAt.get(0)).toBe(700);
    expect(b.resumedAt.get(1)).toBeUndefined();
    b.positions.set(1, 42);
    await b.leases.releaseAll();
    const c = instance(store, 'c');
    await c.leases.round(1000 + TTL + 2);
    expect([c.leases.heldPartitions, c.resumedAt.get(0), c.resumedAt.get(1)]).toEqual([[0, 1, 2, 3], 700, 42]);
  });

  it('PartitionLeases: a partition it could not serve goes back expired, with the position it came with', async () => {
    const store = new FakeLeaseStore();
    const a = instance(store, 'a');
    a.positions.set(2, 99);
    await a.leases.round(0);
    await a.leases.round(100);
    const failing = new PartitionLeases(store, new Names('t'), 'b', PARTITIONS, TTL, {
      acquired: async () => {
        throw new Error('TIMEOUT');
      },
      lost: async () => undefined,
      positionOf: () => undefined,
    });
    await failing.round(100 + TTL + 1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(failing.heldPartitions).toEqual([]);
    const c = instance(store, 'c');
    await c.leases.round(100 + TTL + 2);
    expect(c.resumedAt.get(2)).toBe(99);
    // The failed attempt took slot 1 and gave the lease back with a's slot 0: the next owner takes 1 again, never 2 and then a's 0.
    expect(c.slots.get(2)).toBe(1);
  });

  it('PartitionLeases: a partition still opening does not hold up the renewals of the next round', async () => {
    const store = new FakeLeaseStore();
    const opening = new PartitionLeases(store, new Names('t'), 'a', PARTITIONS, TTL, { acquired: () => new Promise(() => undefined), lost: async () => undefined, positionOf: () => undefined });
    await opening.round(0);
    store.reset();
    await opening.round(300);
    expect([opening.heldPartitions, store.ops.update]).toEqual([[0, 1, 2, 3], PARTITIONS]);
  });

  it('PartitionLeases: each ownership takes the consumer slot after its predecessor’s, and keeps it through renewals and a release', async () => {
    const store = new FakeLeaseStore();
    const a = instance(store, 'a');
    await a.leases.round(0);
    await a.leases.round(1000);
    expect([...a.slots.values()]).toEqual([0, 0, 0, 0]);
    const b = instance(store, 'b');
    await b.leases.round(1000 + TTL + 1);
    expect(b.slots.get(0)).toBe(1);
    await b.leases.releaseAll();
    expect((await store.get(new Names('t').leaseKey(0)))?.value.consumerSlot).toBe(1);
    const c = instance(store, 'c');
    await c.leases.round(1000 + TTL + 2);
    expect(c.slots.get(0)).toBe(2);
  });

  it('PartitionLeases: stillHolds is false once another instance wrote the lease, true while the bucket cannot be read', async () => {
    const store = new FakeLeaseStore();
    const a = instance(store, 'a');
    await a.leases.round(0);
    expect(await a.leases.stillHolds(0)).toBe(true);
    await instance(store, 'b').leases.round(TTL + 1);
    expect(await a.leases.stillHolds(0)).toBe(false);
    const unreadable = instance(store, 'c');
    await unreadable.leases.round(2 * TTL + 2);
    store.get = async () => {
      throw new Error('TIMEOUT');
    };
    expect(await unreadable.leases.stillHolds(0)).toBe(true);
    expect(await unreadable.leases.stillHolds(9)).toBe(false);
  });
});
