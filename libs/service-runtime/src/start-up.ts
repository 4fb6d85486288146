import { isTransientJetStreamError, jetStreamErrorKind } from '@livecast/nats';
import { retry, systemClock, type Clock } from '@livecast/resilience';
import type { Logger } from '@nestjs/common';
import { jetStreamErrors } from './metrics';

/**
 * How long a service that starts while the cluster cannot serve (a raft election after a
 * node loss, a paused node: 4–43 s in the fault suite) waits for it before it gives up.
 */
export const START_UP_PATIENCE_MS = 60_000;

/**
 * Runs one start-up step that talks to JetStream (opening a bucket, creating the stream,
 * a first announcement), again while it fails transiently (timeout, no responders), so a
 * service started during an election waits for the cluster instead of exiting. A
 * permanent failure (permissions, a bad config) is thrown at once.
 */
export function whenClusterServes<T>(what: string, step: () => Promise<T>, logger: Pick<Logger, 'warn'>, clock: Clock = systemClock): Promise<T> {
  return retry(step, {
    backoff: { initialMs: 250, maxMs: 2000, jitter: 0.2 },
    maxAttempts: Number.MAX_SAFE_INTEGER,
    giveUpAfterMs: START_UP_PATIENCE_MS,
    isTransient: isTransientJetStreamError,
    onRetry: (err, attempt, delayMs) => {
      jetStreamErrors.record('start-up', err);
      logger.warn(`${what}: the cluster did not answer (${jetStreamErrorKind(err)}, attempt ${attempt}); trying again in ${Math.round(delayMs)} ms`);
    },
    clock,
  });
}
