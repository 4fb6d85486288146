import { MAX_LEASE_TTL_MS } from '@livecast/contracts';
import { leaseFor, nextConsumerSlot, nextLeaseStep, releasedLease, wantsMore, type LeaseRecord } from './lease';

describe('leases: nextLeaseStep', () => {
  const mine: LeaseRecord = { owner: 'a', expiresAt: 2000 };
  const theirs: LeaseRecord = { owner: 'b', expiresAt: 2000 };

  it.each<[string, LeaseRecord | null, number, string]>([
    ['absent → create', null, 1000, 'create'],
    ['mine → renew', mine, 1000, 'renew'],
    ['mine, even expired → renew', mine, 5000, 'renew'],
    ['theirs, live → wait', theirs, 1000, 'wait'],
    ['theirs, expired exactly now → take over', theirs, 2000, 'take-over'],
    ['theirs, expired → take over', theirs, 2500, 'take-over'],
    ['theirs, expiring beyond any lease ttl → take over', { owner: 'b', expiresAt: 1000 + MAX_LEASE_TTL_MS + 1 }, 1000, 'take-over'],
    ['theirs, expiring at the longest ttl → wait', { owner: 'b', expiresAt: 1000 + MAX_LEASE_TTL_MS }, 1000, 'wait'],
  ])('%s', (_name, record, now, kind) => {
    expect(nextLeaseStep(record, 'a', now).kind).toBe(kind);
  });

  it('says how long to wait and who holds it', () => {
    expect(nextLeaseStep(theirs, 'a', 1500)).toEqual({ kind: 'wait', holder: 'b', retryInMs: 500 });
  });

  it('writes leases that expire after the ttl, with what they carry', () => {
    expect(leaseFor('a', 1000, 3000)).toEqual({ owner: 'a', expiresAt: 4000 });
    expect(leaseFor('a', 1000, 3000, { resumeAt: 77 })).toEqual({ owner: 'a', expiresAt: 4000, resumeAt: 77 });
    expect(leaseFor('a', 1000, 3000, { resumeAt: 77, consumerSlot: 2 })).toEqual({ owner: 'a', expiresAt: 4000, resumeAt: 77, consumerSlot: 2 });
  });

  it('a released lease can be taken over at once by another and keeps the position and slot', () => {
    expect(releasedLease('a', { resumeAt: 77, consumerSlot: 1 })).toEqual({ owner: 'a', expiresAt: 0, resumeAt: 77, consumerSlot: 1 });
    expect(nextLeaseStep(releasedLease('a', { resumeAt: 77 }), 'b', 1000).kind).toBe('take-over');
  });
});

describe('leases: nextConsumerSlot', () => {
  it('starts at slot 0 and takes the slot after the last holder, round the ring', () => {
    expect(nextConsumerSlot(null, 3)).toBe(0);
    expect(nextConsumerSlot({ owner: 'a', expiresAt: 0, consumerSlot: 0 }, 3)).toBe(1);
    expect(nextConsumerSlot({ owner: 'a', expiresAt: 0, consumerSlot: 2 }, 3)).toBe(0);
  });

  it('a lease without a slot held the single consumer of earlier versions: slot 0', () => {
    expect(nextConsumerSlot({ owner: 'a', expiresAt: 0, resumeAt: 5 }, 3)).toBe(1);
  });
});

describe('leases: wantsMore', () => {
  it.each([
    [0, 8, 1, true],
    [7, 8, 1, true],
    [8, 8, 1, false],
    [4, 8, 2, false],
    [3, 8, 2, true],
    [3, 8, 3, false],
    [2, 8, 3, true],
    [0, 8, 0, true],
  ])('held %i of %i with %i live → %s', (held, partitions, live, expected) => {
    expect(wantsMore(held, partitions, live)).toBe(expected);
  });
});
