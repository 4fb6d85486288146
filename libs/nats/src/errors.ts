import { ErrorCode, LivecastError } from '@livecast/contracts';

/** What went wrong with a JetStream API call, as an operator tells failures apart. */
export type JetStreamErrorKind = 'timeout' | 'no_responders' | 'not_found' | 'conflict' | 'unavailable' | 'other';

/**
 * Classifies a JetStream failure: `timeout` (no answer in time: a leader election, a
 * paused or lost node), `no_responders` (503: no JetStream server reachable for that
 * asset), `not_found`, `conflict` (a compare-and-set lost), `unavailable` (connection
 * closed or draining), else `other`.
 */
export function jetStreamErrorKind(err: unknown): JetStreamErrorKind {
  const e = err as { code?: string; api_error?: { err_code?: number }; message?: string } | undefined;
  const facts = { code: e?.code ?? '', errCode: e?.api_error?.err_code ?? 0, message: e?.message ?? '' };
  return KINDS.find(([, matches]) => matches(facts))?.[0] ?? 'other';
}

type Facts = { code: string; errCode: number; message: string };

/** First match wins; JetStream error codes 10071 (wrong last sequence), 10059 (stream) and 10014 (consumer not found). */
const KINDS: [JetStreamErrorKind, (f: Facts) => boolean][] = [
  ['timeout', (f) => f.code === 'TIMEOUT' || /timeout/i.test(f.message)],
  ['no_responders', (f) => f.code === '503' || /no responders/i.test(f.message)],
  ['conflict', (f) => f.errCode === 10071 || /wrong last sequence/i.test(f.message)],
  ['not_found', (f) => f.errCode === 10059 || f.errCode === 10014 || f.code === '404' || /not found/i.test(f.message)],
  ['unavailable', (f) => ['CONNECTION_CLOSED', 'CONNECTION_DRAINING', 'DISCONNECT'].includes(f.code)],
];

/** Failures worth another attempt of an operation that is safe to repeat. */
export function isTransientJetStreamError(err: unknown): boolean {
  const kind = jetStreamErrorKind(err);
  return kind === 'timeout' || kind === 'no_responders' || kind === 'unavailable';
}

/**
 * A failure a client may retry, as the UNAVAILABLE it is owed: a transient bus failure (a
 * leader election, a paused node) becomes `UNAVAILABLE: <what> is unavailable: retry`
 * with the failure as its cause; anything else is returned as it was.
 */
export function unavailableIfTransient(err: unknown, what: string): unknown {
  if (err instanceof LivecastError || !isTransientJetStreamError(err)) return err;
  return new LivecastError(ErrorCode.Unavailable, `${what} is unavailable: retry`, undefined, { cause: err });
}
