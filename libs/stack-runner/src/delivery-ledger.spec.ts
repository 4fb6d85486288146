import { DeliveryLedger } from './delivery-ledger';

describe('stack-runner: DeliveryLedger', () => {
  it('passes a client that showed every acked seq once, in order, and measures the longest silence from the fault start', () => {
    const ledger = new DeliveryLedger(['a'], 1000);
    for (const [seq, at] of [[1, 1100], [2, 1250], [3, 1400]]) ledger.acked(seq, at);
    ledger.shown('a', [1], 1110, 'live');
    ledger.shown('a', [2], 3260, 'live');
    ledger.shown('a', [3], 3270, 'live');
    ledger.received('a', [1, 2, 3]);
    ledger.close(1500);
    expect(ledger.outcome(5000)).toEqual({
      acked: 3,
      sendStallMs: 150,
      stallMs: 2150,
      clients: [{ client: 'a', missing: [], silentlyMissing: [], shapedAway: 0, outOfOrder: 0, shownTwice: 0, duplicatesSuppressed: 0, resumes: 0, gaps: 0, longestSilenceMs: 2150 }],
    });
    expect(ledger.settled()).toBe(true);
  });

  it('counts copies a resume overlapped with frames as suppressed duplicates, and catches order and double showing', () => {
    const ledger = new DeliveryLedger(['a'], 0);
    for (const seq of [1, 2, 3, 4]) ledger.acked(seq, seq);
    ledger.received('a', [1, 2]);
    ledger.shown('a', [1, 2], 10, 'live');
    ledger.resumed('a');
    ledger.shown('a', [3, 4], 20, 'resume');
    ledger.received('a', [3, 4]);
    ledger.shown('a', [2], 30, 'live');
    const [a] = ledger.outcome(5000).clients;
    expect(a).toMatchObject({ duplicatesSuppressed: 2, resumes: 1, outOfOrder: 1, shownTwice: 1, missing: [] });
  });

  it('tells a gap the client was shown from a silent one', () => {
    const ledger = new DeliveryLedger(['a', 'b'], 0);
    for (const seq of [1, 2, 3, 4, 5]) ledger.acked(seq, seq);
    ledger.shown('a', [1, 5], 10, 'live');
    ledger.gap('a', 1, 3);
    ledger.shown('b', [1, 2, 3, 4, 5], 10, 'live');
    ledger.gap('b', 4, 4);
    ledger.close(12);
    const [a, b] = ledger.outcome(5000).clients;
    expect(a).toMatchObject({ missing: [2, 3, 4], silentlyMissing: [4], gaps: 1 });
    expect(b).toMatchObject({ missing: [], gaps: 0, longestSilenceMs: 10 });
    expect(a.longestSilenceMs).toBe(4990);
    expect(ledger.settled()).toBe(false);
  });

  it('lets shaping account for as many missing seqs as its frames said it dropped, no more', () => {
    const ledger = new DeliveryLedger(['a'], 0);
    for (const seq of [1, 2, 3, 4, 5, 6]) ledger.acked(seq, seq);
    ledger.shown('a', [1, 6], 10, 'live');
    ledger.gap('a', 1, 2);
    ledger.dropped('a', 2);
    const [a] = ledger.outcome(20).clients;
    expect(a).toMatchObject({ missing: [2, 3, 4, 5], shapedAway: 2, silentlyMissing: [5] });
  });

  it('counts a window without any ack as one long stall, for the sender and every client', () => {
    const ledger = new DeliveryLedger(['a'], 1000);
    ledger.close(13_000);
    expect(ledger.outcome(14_000)).toMatchObject({ acked: 0, sendStallMs: 12_000, stallMs: 12_000 });
  });

  it('ignores seqs acked before the fault, and refuses an unknown client', () => {
    const ledger = new DeliveryLedger(['a'], 0);
    ledger.acked(7, 5);
    ledger.acked(7, 9);
    ledger.received('a', [6, 6, 7]);
    ledger.shown('a', [6, 7], 10, 'live');
    ledger.close(5);
    expect(ledger.outcome(5000)).toMatchObject({ acked: 1, sendStallMs: 5, clients: [{ duplicatesSuppressed: 0, missing: [] }] });
    expect(() => ledger.shown('z', [1], 1, 'live')).toThrow('unknown client z');
  });
});
