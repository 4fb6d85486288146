import type { GcraDecision } from './gcra';

/**
 * Decides an event, and when the budget would hold it within `maxWaitMs`, waits that long
 * and decides once more instead of refusing at once. A shared room budget refuses for
 * moments that are not the sender's doing (copies of one request decided on two replicas,
 * a peer that is catching up after a pause): a wait of a few tens of ms turns those into
 * grants, while a sender above the rate still gets refused (its second decision fails too,
 * or its wait is longer than `maxWaitMs`).
 */
export async function takeWithinWait(take: () => GcraDecision | Promise<GcraDecision>, maxWaitMs: number, wait: (ms: number) => Promise<void>): Promise<GcraDecision> {
  const first = await take();
  if (first.allowed || first.retryAfterMs > maxWaitMs) return first;
  await wait(first.retryAfterMs);
  return take();
}
