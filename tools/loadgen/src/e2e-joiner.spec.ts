import { percentile } from './histogram';
import { E2eJoiner } from './e2e-joiner';

describe('E2eJoiner', () => {
  it('e2e join: latency from ack and from send, whichever arrives first', () => {
    const joiner = new E2eJoiner(2);
    joiner.ack({ seq: 1, sentAt: 1000, ackedAt: 1010, priority: false });
    joiner.receipt(1, 1050);
    joiner.receipt(2, 2005);
    joiner.ack({ seq: 2, sentAt: 2000, ackedAt: 2010, priority: false });
    const result = joiner.finish();
    expect(result.fromAck.count).toBe(2);
    expect(percentile(result.fromAck, 100)).toBe(40_000);
    expect(percentile(result.fromSend, 100)).toBe(50_000);
    expect(result.frameBeforeAck).toBe(1);
    expect(result.unmatchedReceipts).toBe(0);
  });

  it('e2e join: priority delivery counts every sample viewer', () => {
    const joiner = new E2eJoiner(2);
    joiner.ack({ seq: 5, sentAt: 0, ackedAt: 1, priority: true });
    joiner.ack({ seq: 6, sentAt: 0, ackedAt: 1, priority: true });
    joiner.ack({ seq: 7, sentAt: 0, ackedAt: 1, priority: false });
    joiner.receipt(5, 2);
    joiner.receipt(5, 3);
    joiner.receipt(6, 2);
    const result = joiner.finish();
    expect(result.priorityExpected).toBe(4);
    expect(result.priorityReceived).toBe(3);
    expect(result.priorityMissedMessages).toBe(1);
  });

  it('e2e join: sweep settles old acks and drops receipts nobody acked', () => {
    const joiner = new E2eJoiner(1);
    joiner.ack({ seq: 1, sentAt: 0, ackedAt: 100, priority: true });
    joiner.receipt(99, 100);
    joiner.sweep(10_000, 5000);
    joiner.receipt(1, 10_001);
    const result = joiner.finish();
    expect(result.priorityExpected).toBe(1);
    expect(result.priorityReceived).toBe(0);
    expect(result.unmatchedReceipts).toBe(2);
  });
});
