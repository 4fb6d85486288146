import { DeliveryLedger } from './delivery-ledger';
import { faultViolations, renderFaultTable, type FaultRow } from './fault-table';

const limits = { maxStallMs: 5000, maxOnlineConvergeMs: 3000 };

function row(over: Partial<FaultRow> = {}, build: (ledger: DeliveryLedger) => void = () => undefined): FaultRow {
  const ledger = new DeliveryLedger(['a'], 0);
  ledger.acked(1, 100);
  ledger.shown('a', [1], 150, 'live');
  build(ledger);
  ledger.close(200);
  return { fault: 'kill -9 nats n1', ledger: ledger.outcome(10_000), missingFromHistory: 0, retries: 2, retriesDeduplicated: 1, untypedFailures: [], crashes: [], sessionsEnded: [], onlineConvergedMs: 800, ...over };
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
      'live delivery stalled 8850 ms (> 5000)',
    ]);
  });

  it('renders one Markdown row per fault with its result', () => {
    const text = renderFaultTable(
      [row(), row({ fault: 'kill -9 fanout owner', missingFromHistory: 1, onlineConvergedMs: undefined, crashes: ['ingest-1 exited by itself (code 1)', 'gateway-2 exited by itself (code 1)'] })],
      limits,
    );
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      '| fault | acked | missing from history | not shown (told / shaped / silent) | live stall ms | send stall ms | resumes | duplicates suppressed | retries (dedup) | online converged ms | result |',
    );
    expect(lines[2]).toBe('| kill -9 nats n1 | 1 | 0 | 0 / 0 / 0 | 150 | 100 | 0 | 0 | 2 (1) | 800 | pass |');
    expect(lines[3]).toContain('| never | **FAIL**: history; online; ingest-1, gateway-2 crashed |');
    expect(text).toContain('live stall ≤ 5000 ms');
  });
});
