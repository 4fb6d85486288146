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
      ownStallMs: 2150,
      clients: [{ client: 'a', missing: [], silentlyMissing: [], shapedAway: 0, outOfOrder: 0, shownTwice: 0, duplicatesSuppressed: 0, resumes: 0, gaps: 0, longestSilenceMs: 2150, longestOwnSilenceMs: 2150 }],
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

  it('takes the spans the cluster could not serve out of each silence, counting overlapping spans once', () => {
    const ledger = new DeliveryLedger(['a'], 0);
    for (const seq of [1, 2, 3]) ledger.acked(seq, seq * 10);
    ledger.shown('a', [1], 100, 'live');
    ledger.shown('a', [2], 9100, 'live');
    ledger.shown('a', [3], 9200, 'live');
    ledger.close(9300);
    // A 9 s silence, of which the stream had no leader 1000–7000 and the consumer 6000–8000: 2 s are the suite's.
    const outcome = ledger.outcome(9300, [
      { from: 1000, to: 7000 },
      { from: 6000, to: 8000 },
      { from: 20_000, to: 30_000 },
    ]);
    expect(outcome).toMatchObject({ stallMs: 9000, ownStallMs: 2000 });
    expect(ledger.outcome(9300)).toMatchObject({ stallMs: 9000, ownStallMs: 9000 });
  });

  it('ends the silence of a client whose misses were all told (gap, shaping) at the window, not at the verdict', () => {
    const ledger = new DeliveryLedger(['a'], 0);
    for (const seq of [1, 2, 3, 4]) ledger.acked(seq, seq * 10);
    ledger.shown('a', [1, 4], 100, 'live');
    ledger.gap('a', 1, 2);
    ledger.dropped('a', 1);
    ledger.close(1000);
    expect(ledger.outcome(60_000)).toMatchObject({ stallMs: 900 });
  });

  it('counts a seq as arrived when a frame watermark passed it, so a late ack does not stretch the silence', () => {
    const ledger = new DeliveryLedger(['a'], 0);
    for (const seq of [1, 2, 3]) ledger.acked(seq, seq === 3 ? 7000 : seq * 10);
    ledger.shown('a', [1], 100, 'live');
    // One frame at 2700 shows nothing more and says 2 were dropped, up to seq 3; its ack came at 7000.
    ledger.dropped('a', 2);
    ledger.reached('a', 3, 2700);
    ledger.close(7000);
    expect(ledger.outcome(9000)).toMatchObject({ stallMs: 2600 });
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
