import type { LeaseRecordValue, Names } from '@livecast/contracts';
import { leaseFor, nextLeaseStep, wantsMore } from '@livecast/leases';
import { isRevisionConflict, type TypedBucket } from '@livecast/nats';
import { counter } from '@livecast/service-runtime';

const acquisitions = counter('fanout_lease_acquisitions_total', 'partitions this instance began to serve, by how (create, take-over of an expired lease, renew of its own lease after a restart)', ['kind'] as const);
const losses = counter('fanout_lease_losses_total', 'partitions this instance stopped serving because another instance holds the lease');

/** Told when this instance gains or loses a partition. */
export interface LeaseListener {
  acquired(partition: number): Promise<void>;
  lost(partition: number): Promise<void>;
}

/**
 * Partition ownership through leases in a KV bucket: each round renews what this
 * instance holds and takes what is free or expired, up to a fair share, always with
 * compare-and-set so one partition has one owner. A failed renewal means another
 * instance took over: the partition is dropped at once.
 */
export class PartitionLeases {
  private readonly held = new Set<number>();

  constructor(
    private readonly bucket: TypedBucket<LeaseRecordValue>,
    private readonly names: Names,
    private readonly me: string,
    private readonly partitions: number,
    private readonly ttlMs: number,
    private readonly listener: LeaseListener,
  ) {}

  get heldPartitions(): number[] {
    return [...this.held].sort((a, b) => a - b);
  }

  /** One pass over every partition. */
  async round(now = Date.now()): Promise<void> {
    const records = await Promise.all(Array.from({ length: this.partitions }, (_, p) => this.bucket.get(this.names.leaseKey(p))));
    const owners = new Set<string>([this.me]);
    for (const record of records) if (record && record.value.expiresAt > now) owners.add(record.value.owner);
    for (let p = 0; p < this.partitions; p++) {
      await this.step(p, records[p], now, owners.size);
    }
  }

  /** Gives up every held lease so another instance can take over at once. */
  async releaseAll(): Promise<void> {
    for (const p of this.heldPartitions) {
      this.held.delete(p);
      await this.listener.lost(p);
      await this.bucket.delete(this.names.leaseKey(p)).catch(() => undefined);
    }
  }

  private async step(p: number, record: { value: LeaseRecordValue; revision: number } | null, now: number, live: number): Promise<void> {
    const step = nextLeaseStep(record?.value ?? null, this.me, now);
    const key = this.names.leaseKey(p);
    const lease = leaseFor(this.me, now, this.ttlMs);
    if (step.kind === 'wait') {
      if (this.held.has(p)) await this.lose(p);
      return;
    }
    if (step.kind !== 'renew' && !wantsMore(this.held.size, this.partitions, live)) return;
    try {
      if (step.kind === 'create') await this.bucket.create(key, lease);
      else await this.bucket.update(key, lease, record?.revision ?? 0);
    } catch (err) {
      if (!isRevisionConflict(err)) throw err;
      if (this.held.has(p)) await this.lose(p);
      return;
    }
    if (this.held.has(p)) return;
    try {
      await this.listener.acquired(p);
      this.held.add(p);
      acquisitions.inc({ kind: step.kind });
    } catch (err) {
      // Not serving it: hand the lease back so this or another instance retries.
      await this.bucket.delete(key).catch(() => undefined);
      throw err;
    }
  }

  private async lose(p: number): Promise<void> {
    this.held.delete(p);
    losses.inc();
    await this.listener.lost(p);
  }
}
