import { ErrorCode, LivecastError, type ChatMessage } from '@livecast/contracts';
import { isTransientJetStreamError, jetStreamErrorKind } from './errors';
import type { AppendAck } from './message-stream';
import { retry, type Clock } from '@livecast/resilience';

/** The stream operation this needs: an append de-duplicated by its key. */
export interface Appender {
  append(message: ChatMessage, dedupKey: string, timeoutMs: number): Promise<AppendAck>;
}

/**
 * Retries within the budget: 50 ms doubling to 400 ms, one attempt at most 750 ms. Short
 * attempts, because an append sent while the stream elects a leader is never answered:
 * the first attempt after the election (4–9 s on nats-server 2.9) must not wait out a long
 * timeout. Well above a healthy append's p99 (tens of ms), and a retry is de-duplicated.
 */
const BACKOFF = { initialMs: 50, maxMs: 400, jitter: 0.3 };
const ATTEMPT_TIMEOUT_MS = 750;

/**
 * The append as ingest makes it through a failover: a transient failure (no JetStream
 * leader: 503, no answer: timeout) is retried with the same Nats-Msg-Id — the stream
 * de-duplicates, so a retry never stores twice — until `budgetMs` is spent. What still
 * fails becomes UNAVAILABLE with its outcome: `unknown` once any attempt timed out (that
 * one may have been stored), `not_stored` when every attempt was refused unsent.
 */
export class DurableAppend {
  constructor(
    private readonly stream: Appender,
    private readonly budgetMs: number,
    private readonly onFailure: (err: unknown) => void = () => undefined,
    private readonly clock?: Clock,
  ) {}

  async append(message: ChatMessage, dedupKey: string): Promise<AppendAck> {
    let maybeStored = false;
    const note = (err: unknown) => {
      this.onFailure(err);
      if (jetStreamErrorKind(err) !== 'no_responders') maybeStored = true;
    };
    const timeoutMs = Math.min(ATTEMPT_TIMEOUT_MS, this.budgetMs);
    try {
      return await retry(() => this.stream.append(message, dedupKey, timeoutMs), {
        backoff: BACKOFF,
        maxAttempts: 100,
        giveUpAfterMs: this.budgetMs - timeoutMs,
        isTransient: isTransientJetStreamError,
        onRetry: note,
        clock: this.clock,
      });
    } catch (err) {
      if (!isTransientJetStreamError(err)) throw err;
      note(err);
      const outcome = maybeStored ? 'unknown' : 'not_stored';
      const text = maybeStored ? 'the message may have been stored: retry with the same clientMsgId' : 'the message was not stored: retry with the same clientMsgId';
      throw new LivecastError(ErrorCode.Unavailable, text, undefined, { cause: err, outcome, retryable: true });
    }
  }
}
