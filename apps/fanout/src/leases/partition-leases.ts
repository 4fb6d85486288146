import type { LeaseRecordValue, Names } from '@livecast/contracts';
import { leaseFor, nextConsumerSlot, nextLeaseStep, releasedLease, wantsMore, type LeaseCarry } from '@livecast/leases';
import { isRevisionConflict, type TypedBucket } from '@livecast/nats';
import { counter } from '@livecast/service-runtime';

const acquisitions = counter('fanout_lease_acquisitions_total', 'partitions this instance began to serve, by how (create, take-over of an expired lease, renew of its own lease after a restart)', ['kind'] as const);
const losses = counter('fanout_lease_losses_total', 'partitions this instance stopped serving because another instance holds the lease');

/** The bucket operations leases use. */
export type LeaseStore = Pick<TypedBucket<LeaseRecordValue>, 'get' | 'create' | 'update'>;

/** What a new ownership starts from: the position the last owner wrote, if any, and this ownership's consumer slot. */
export interface Ownership {
  resumeAt?: number;
  consumerSlot: number;
}

/** Told when this instance gains or loses a partition; asked where a held one stands. */
export interface LeaseListener {
  /** Not awaited by the round; a rejection hands the lease back (the listener logs why). */
  acquired(partition: number, ownership: Ownership): Promise<void>;
  lost(partition: number): Promise<void>;
  /** The held partition's stream position (where a successor would resume), when known. */
  positionOf(partition: number): number | undefined;
}

/**
 * Partition ownership through leases in a KV bucket: each round renews what this
 * instance holds and takes what is free or expired, up to a fair share, always with
 * compare-and-set so one partition has one owner. A failed renewal means another
 * instance took over: the partition is dropped at once.
 *
 * Every write carries the partition's position, so a next owner that finds no consumer
 * (deleted by a half-done re-creation) resumes there instead of at "new messages only",
 * which would skip what came in between without a trace; and the slot of the owner's
 * consumer, so each ownership pulls from a consumer of its own.
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
  /** What each held lease carries: its slot, and the position it came with until the listener knows better. */
  private readonly carried = new Map<number, Ownership>();

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

  /** Gives up every held lease so another instance can take over at once (an expired record keeps the position). */
  async releaseAll(): Promise<void> {
    for (const p of this.heldPartitions) {
      const carry = this.carry(p);
      const revision = this.revisions.get(p) ?? 0;
      this.forget(p);
      await this.listener.lost(p);
      await this.giveBack(this.names.leaseKey(p), revision, carry);
    }
  }

  /**
   * Whether a held lease is still this ownership's as far as the bucket tells: false once
   * another instance or ownership wrote it. A bucket that cannot be read (no leader) is no
   * evidence of a loss: true, so a failover does not hold up healing.
   */
  async stillHolds(p: number): Promise<boolean> {
    const slot = this.carried.get(p)?.consumerSlot;
    if (slot === undefined) return false;
    let record: { value: LeaseRecordValue } | null;
    try {
      record = await this.bucket.get(this.names.leaseKey(p));
    } catch {
      return true;
    }
    return record?.value.owner === this.me && record.value.consumerSlot === slot && this.held.has(p);
  }

  /** Takes a partition this instance does not hold, when its lease is free, expired or its own from before. */
  private async step(p: number, record: { value: LeaseRecordValue; revision: number } | null, now: number, live: number): Promise<void> {
    const step = nextLeaseStep(record?.value ?? null, this.me, now);
    const key = this.names.leaseKey(p);
    const ownership: Ownership = { resumeAt: record?.value.resumeAt, consumerSlot: nextConsumerSlot(record?.value ?? null) };
    const lease = leaseFor(this.me, now, this.ttlMs, ownership);
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
    this.held.add(p);
    this.revisions.set(p, revision);
    this.carried.set(p, ownership);
    acquisitions.inc({ kind: step.kind });
    // Opening the partition can take seconds in a failover; renewing what is held must not wait for it.
    void this.listener.acquired(p, ownership).catch(async () => {
      if (!this.held.has(p)) return;
      // Not serving it: hand the lease back as it came (position and the last owner's slot), so
      // the next attempt takes this slot again and failed attempts never cycle back to the
      // slot of an owner that may still pull unawares.
      const current = this.revisions.get(p) ?? revision;
      this.forget(p);
      await this.giveBack(key, current, { resumeAt: ownership.resumeAt, consumerSlot: record?.value.consumerSlot });
    });
  }

  /**
   * Expires a lease at once, keeping what it carries. A write that fails (the revision moved, the
   * bucket has no leader) leaves the lease to run out its TTL: deleting it would lose the
   * position, and the next owner would start at the consumer's, which can be far behind.
   */
  private async giveBack(key: string, revision: number, carry: LeaseCarry): Promise<void> {
    await this.bucket.update(key, releasedLease(this.me, carry), revision).catch(() => undefined);
  }

  /** What a write of a held lease carries: the partition's latest known position and the ownership's slot. */
  private carry(p: number): LeaseCarry {
    const carried = this.carried.get(p);
    return { resumeAt: this.listener.positionOf(p) ?? carried?.resumeAt, consumerSlot: carried?.consumerSlot };
  }

  private forget(p: number): void {
    this.held.delete(p);
    this.revisions.delete(p);
    this.carried.delete(p);
  }

  /**
   * Extends a held lease. On a conflict the lease is read once: a renewal whose reply was
   * lost (a timeout during a NATS failover) moved the revision although the lease is still
   * ours, and dropping the partition then would re-create its consumer for nothing. Only a
   * lease another instance now holds is given up.
   */
  private async renew(p: number, now: number): Promise<void> {
    const key = this.names.leaseKey(p);
    const lease = leaseFor(this.me, now, this.ttlMs, this.carry(p));
    try {
      this.renewed(p, await this.bucket.update(key, lease, this.revisions.get(p) ?? 0));
      return;
    } catch (err) {
      if (!isRevisionConflict(err)) throw err;
    }
    const record = await this.bucket.get(key);
    if (!this.held.has(p)) return;
    if (record?.value.owner !== this.me) return this.lose(p);
    try {
      this.renewed(p, await this.bucket.update(key, lease, record.revision));
    } catch (err) {
      if (!isRevisionConflict(err)) throw err;
      await this.lose(p);
    }
  }

  /** A renewal landed: its revision is the next compare-and-set's, unless the partition was given up meanwhile. */
  private renewed(p: number, revision: number): void {
    if (this.held.has(p)) this.revisions.set(p, revision);
  }

  private async lose(p: number): Promise<void> {
    if (!this.held.has(p)) return;
    this.forget(p);
    losses.inc();
    await this.listener.lost(p);
  }
}
