import { MAX_LEASE_TTL_MS, PARTITION_CONSUMER_SLOTS } from '@livecast/contracts';

/**
 * A lease as stored: who holds it and until when (holder's clock, ms since epoch), and
 * what the lease carries from one owner to the next (LeaseCarry).
 */
export interface LeaseRecord extends LeaseCarry {
  owner: string;
  expiresAt: number;
}

/**
 * What a lease carries between owners: where the partition's stream position stood at the
 * holder's last write (`resumeAt`: what a next owner that finds no consumer resumes at,
 * instead of "new messages only"), and the slot of the holder's consumer.
 */
export interface LeaseCarry {
  resumeAt?: number;
  consumerSlot?: number;
}

/** What an instance should do about one lease key. */
export type LeaseStep =
  | { kind: 'create' }
  | { kind: 'renew' }
  | { kind: 'take-over'; from: string }
  | { kind: 'wait'; holder: string; retryInMs: number };

/**
 * Decides the next step for `me` on a lease: create it when absent, renew it when mine,
 * take it over once the holder let it expire, else wait. The caller applies the step
 * with compare-and-set on the record's revision, so two instances never both win. A
 * record expiring further ahead than any lease may last was not written by a live owner
 * renewing it: it is taken over rather than waited for.
 */
export function nextLeaseStep(record: LeaseRecord | null, me: string, now: number, maxTtlMs = MAX_LEASE_TTL_MS): LeaseStep {
  if (record === null) return { kind: 'create' };
  if (record.owner === me) return { kind: 'renew' };
  if (record.expiresAt <= now || record.expiresAt - now > maxTtlMs) return { kind: 'take-over', from: record.owner };
  return { kind: 'wait', holder: record.owner, retryInMs: record.expiresAt - now };
}

/** The record `me` writes when it creates, renews or takes over a lease, with what it carries. */
export function leaseFor(me: string, now: number, ttlMs: number, carry: LeaseCarry = {}): LeaseRecord {
  const record: LeaseRecord = { owner: me, expiresAt: now + ttlMs };
  if (carry.resumeAt !== undefined) record.resumeAt = carry.resumeAt;
  if (carry.consumerSlot !== undefined) record.consumerSlot = carry.consumerSlot;
  return record;
}

/** The record of a lease given back: expired at once (anyone may take it), keeping what it carries. */
export function releasedLease(me: string, carry: LeaseCarry = {}): LeaseRecord {
  return leaseFor(me, 0, 0, carry);
}

/**
 * The consumer slot of a new ownership: the one after the last holder's, so a holder
 * that never learnt it lost the lease cannot pull from the new owner's consumer. A
 * partition never held starts at slot 0; a record without a slot was written by a
 * version with the one consumer, which is slot 0's.
 */
export function nextConsumerSlot(last: LeaseRecord | null, slots = PARTITION_CONSUMER_SLOTS): number {
  return last === null ? 0 : ((last.consumerSlot ?? 0) + 1) % slots;
}

/**
 * Which partitions this instance should try to hold: all of them, but an instance that
 * already holds its fair share (ceil(P / live instances)) leaves the rest to others, so
 * partitions spread when several instances run.
 */
export function wantsMore(held: number, partitions: number, liveInstances: number): boolean {
  return held < Math.ceil(partitions / Math.max(1, liveInstances));
}
