import { DeliveryLedger, type Span } from './delivery-ledger';
import { faultViolations, renderFaultTable, type FaultRow } from './fault-table';

const limits = { maxStallMs: 5000, maxOnlineConvergeMs: 3000 };

function row(over: Partial<FaultRow> = {}, build: (ledger: DeliveryLedger) => void = () => undefined, leaderless: Span[] = []): FaultRow {
  const ledger = new DeliveryLedger(['a'], 0);
  ledger.acked(1, 100);
  ledger.shown('a', [1], 150, 'live');
  build(ledger);
  ledger.close(200);
  const clusterLeaderlessMs = leaderless.reduce((ms, s) => ms + s.to - s.from, 0);
  return {
    fault: 'kill -9 nats n1',
    ledger: ledger.outcome(10_000, leaderless),
    missingFromHistory: 0,
    retries: 2,
    retriesDeduplicated: 1,
    untypedFailures: [],
    crashes: [],
    sessionsEnded: [],
    onlineConvergedMs: 800,
    clusterLeaderlessMs,
    ...over,
  };
}

describe('stack-runner: fault table', () => {
  it('finds nothing wrong with a fault that held every property', () => {
    expect(faultViolations(row(), limits)).toEqual([]);
  });

  it.each([
    [{ missingFromHistory: 2 }, '2 acked messages missing from history'],
    [{ onlineConvergedMs: undefined }, 'online counts never converged (> 3000)'],
    [{ onlineConvergedMs: 3001 }, 'online counts converged after 3001 ms (> 3000)'],
    [{ untypedFailures: ['RATE_LIMITED', 'RATE_LIMITED'] }, '2 sends failed untyped (RATE_LIMITED)'],
    [{ crashes: ['ingest-1 exited by itself (code 1)'] }, 'ingest-1 exited by itself (code 1)'],
    [{ sessionsEnded: ['v1: session ended (UNAVAILABLE: x)'] }, 'v1: session ended (UNAVAILABLE: x)'],
    [{ problems: ['history unreadable: NatsError 503'] }, 'history unreadable: NatsError 503'],
  ] as const)('names a broken property: %j', (over, message) => {
    expect(faultViolations(row(over as Partial<FaultRow>), limits)).toEqual([message]);
  });

  it('names silent misses, double showing, disorder and a long stall per client', () => {
    const broken = row({}, (ledger) => {
      ledger.acked(2, 200);
      ledger.acked(3, 300);
      ledger.shown('a', [3], 9000, 'live');
      ledger.shown('a', [1], 9100, 'live');
    });
    expect(faultViolations(broken, limits)).toEqual([
      'a: 1 acked messages never shown and no gap told (first 2)',
      'a: 1 messages shown twice',
      'a: 1 messages out of order',
      "live delivery stalled 8850 ms beyond the cluster's 0 ms without a leader (> 5000; 8850 ms in all)",
    ]);
  });

  it("holds the suite to the stall beyond the cluster's leaderless time, and reports both", () => {
    const during = (ledger: DeliveryLedger) => {
      ledger.acked(2, 200);
      ledger.shown('a', [2], 8200, 'live');
    };
    // 8.05 s silent (150–8200), the stream without a leader 500–6500: 2.05 s are the suite's.
    expect(faultViolations(row({}, during, [{ from: 500, to: 6500 }]), limits)).toEqual([]);
    expect(faultViolations(row({}, during, [{ from: 500, to: 2500 }]), limits)).toEqual([
      "live delivery stalled 6050 ms beyond the cluster's 2000 ms without a leader (> 5000; 8050 ms in all)",
    ]);
  });

  it('renders one Markdown row per fault with its result', () => {
    const text = renderFaultTable(
      [row(), row({ fault: 'kill -9 fanout owner', missingFromHistory: 1, onlineConvergedMs: undefined, crashes: ['ingest-1 exited by itself (code 1)', 'gateway-2 exited by itself (code 1)'] })],
      limits,
    );
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      '| fault | acked | missing from history | not shown (told / shaped / silent) | live stall ms | cluster leaderless ms | stall beyond cluster ms | send stall ms | resumes | duplicates suppressed | retries (dedup) | online converged ms | result |',
    );
    expect(lines[2]).toBe('| kill -9 nats n1 | 1 | 0 | 0 / 0 / 0 | 150 | 0 | 150 | 100 | 0 | 0 | 2 (1) | 800 | pass |');
    expect(lines[3]).toContain('| never | **FAIL**: history; online; ingest-1, gateway-2 crashed |');
    expect(text).toContain("live stall beyond the cluster's own leaderless time ≤ 5000 ms");
  });

  it('reports but does not hold against a row the delivery properties a proven replica divergence broke', () => {
    const diverged = row({ replicaDivergence: 'seq 11 delivered as b, the leader holds probe there' }, (ledger) => {
      ledger.acked(2, 120);
      ledger.shown('a', [3], 160, 'live');
    });
    expect(diverged.ledger.clients[0].silentlyMissing).toEqual([2]);
    expect(faultViolations(diverged, limits)).toEqual([]);
    expect(renderFaultTable([diverged], limits)).toContain('excused: nats-server replica divergence (ADR 0022)');
    const alsoCrashed = { ...diverged, crashes: ['ingest-1 exited by itself (code 1)'] };
    expect(faultViolations(alsoCrashed, limits)).toEqual(['ingest-1 exited by itself (code 1)']);
    expect(renderFaultTable([alsoCrashed], limits)).toContain('**FAIL**: ingest-1 crashed; nats-server replica divergence (ADR 0022)');
  });
});
