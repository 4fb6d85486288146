import type { LeaseRecordValue, Names } from '@livecast/contracts';
import { leaseFor, nextLeaseStep, wantsMore } from '@livecast/leases';
import { isRevisionConflict, type TypedBucket } from '@livecast/nats';
import { counter } from '@livecast/service-runtime';

const acquisitions = counter('fanout_lease_acquisitions_total', 'partitions this instance began to serve, by how (create, take-over of an expired lease, renew of its own lease after a restart)', ['kind'] as const);
const losses = counter('fanout_lease_losses_total', 'partitions this instance stopped serving because another instance holds the lease');

/** The bucket operations leases use. */
export type LeaseStore = Pick<TypedBucket<LeaseRecordValue>, 'get' | 'create' | 'update' | 'delete'>;

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
 *
 * Renewals need no read: compare-and-set against the revision this instance last wrote
 * fails exactly when anyone else wrote since. They go out together, so an instance that
 * holds every partition renews them in one burst of writes (one wake-up for the replies),
 * and only the partitions it does not hold are read.
 */
export class PartitionLeases {
  private readonly held = new Set<number>();
  /** The revision of each held lease as this instance last wrote it. */
  private readonly revisions = new Map<number, number>();

  constructor(
    private readonly bucket: LeaseStore,
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
    await Promise.all(this.heldPartitions.map((p) => this.renew(p, now)));
    const others = Array.from({ length: this.partitions }, (_, p) => p).filter((p) => !this.held.has(p));
    const records = await Promise.all(others.map((p) => this.bucket.get(this.names.leaseKey(p))));
    const owners = new Set<string>([this.me]);
    for (const record of records) if (record && record.value.expiresAt > now) owners.add(record.value.owner);
    for (let i = 0; i < others.length; i++) {
      await this.step(others[i], records[i], now, owners.size);
    }
  }

  /** Gives up every held lease so another instance can take over at once. */
  async releaseAll(): Promise<void> {
    for (const p of this.heldPartitions) {
      this.held.delete(p);
      this.revisions.delete(p);
      await this.listener.lost(p);
      await this.bucket.delete(this.names.leaseKey(p)).catch(() => undefined);
    }
  }

  /** Takes a partition this instance does not hold, when its lease is free, expired or its own from before. */
  private async step(p: number, record: { value: LeaseRecordValue; revision: number } | null, now: number, live: number): Promise<void> {
    const step = nextLeaseStep(record?.value ?? null, this.me, now);
    const key = this.names.leaseKey(p);
    const lease = leaseFor(this.me, now, this.ttlMs);
    if (step.kind === 'wait') return;
    // 'renew' here is a lease of ours this process does not hold yet: written before a restart under the same id.
    if (step.kind !== 'renew' && !wantsMore(this.held.size, this.partitions, live)) return;
    let revision: number;
    try {
      revision = step.kind === 'create' ? await this.bucket.create(key, lease) : await this.bucket.update(key, lease, record?.revision ?? 0);
    } catch (err) {
      if (!isRevisionConflict(err)) throw err;
      return;
    }
    try {
      await this.listener.acquired(p);
      this.held.add(p);
      acquisitions.inc({ kind: step.kind });
      this.revisions.set(p, revision);
    } catch (err) {
      // Not serving it: hand the lease back so this or another instance retries.
      await this.bucket.delete(key).catch(() => undefined);
      throw err;
    }
  }

  /** Extends a held lease; a conflict means another instance took it over (after this one let it expire). */
  private async renew(p: number, now: number): Promise<void> {
    try {
      this.revisions.set(p, await this.bucket.update(this.names.leaseKey(p), leaseFor(this.me, now, this.ttlMs), this.revisions.get(p) ?? 0));
    } catch (err) {
      if (!isRevisionConflict(err)) throw err;
      await this.lose(p);
    }
  }

  private async lose(p: number): Promise<void> {
    this.held.delete(p);
    losses.inc();
    this.revisions.delete(p);
    await this.listener.lost(p);
  }
}
