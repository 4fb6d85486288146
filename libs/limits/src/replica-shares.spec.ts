import { ReplicaShares } from './replica-shares';

const T0 = 1_700_000_000_000;

describe('limits: ReplicaShares', () => {
  it('alone, a replica holds the whole budget', () => {
    const shares = new ReplicaShares('a', 6000);
    expect(shares.share(T0)).toBe(1);
    expect(shares.peers(T0)).toEqual([]);
  });

  it('splits the budget between the live replicas and lists the peers in a stable order', () => {
    const shares = new ReplicaShares('b', 6000);
    shares.heard('c', T0);
    shares.heard('a', T0 - 1000);
    shares.heard('b', T0);
    expect(shares.share(T0)).toBeCloseTo(1 / 3);
    expect(shares.peers(T0)).toEqual(['a', 'c']);
  });

  it("gives a dead replica's share back once it is stale, and at once when it left", () => {
    const shares = new ReplicaShares('a', 6000);
    shares.heard('b', T0);
    shares.heard('c', T0);
    expect(shares.share(T0 + 6000)).toBeCloseTo(1 / 3);
    shares.heard('c', T0 + 5000);
    expect(shares.share(T0 + 6001)).toBe(0.5);
    expect(shares.peers(T0 + 6001)).toEqual(['c']);
    shares.left('c');
    expect(shares.share(T0 + 6001)).toBe(1);
  });

  it('ignores an announcement older than one already heard', () => {
    const shares = new ReplicaShares('a', 6000);
    shares.heard('b', T0 + 5000);
    shares.heard('b', T0 - 5000);
    expect(shares.share(T0 + 10_000)).toBe(0.5);
  });

  it('counts a replica that left a request unanswered out until its next announcement arrives', () => {
    const shares = new ReplicaShares('a', 6000);
    shares.heard('b', T0);
    shares.heard('c', T0);
    shares.unanswered('b');
    expect([shares.share(T0 + 100), shares.peers(T0 + 100)]).toEqual([0.5, ['c']]);
    // A replayed older announcement is not a sign of life.
    shares.heard('b', T0);
    expect(shares.share(T0 + 100)).toBe(0.5);
    shares.heard('b', T0 + 2000);
    expect([shares.share(T0 + 2000), shares.peers(T0 + 2000)]).toEqual([1 / 3, ['b', 'c']]);
  });

  it('a replica never heard from cannot be counted out, nor in', () => {
    const shares = new ReplicaShares('a', 6000);
    shares.unanswered('x');
    shares.heard('x', T0);
    expect(shares.share(T0)).toBe(0.5);
  });

  it('refuses a staleness that is not positive', () => {
    expect(() => new ReplicaShares('a', 0)).toThrow(/staleAfterMs/);
  });
});
