import type { LedgerOutcome } from './delivery-ledger';

/** What one fault of the fault suite measured. */
export interface FaultRow {
  fault: string;
  /** The delivery verdict of the steady sender's messages during the fault. */
  ledger: LedgerOutcome;
  /** Acked seqs the stream does not hold. */
  missingFromHistory: number;
  /** Sends answered UNAVAILABLE (or cut by a lost connection) and sent again with the same clientMsgId. */
  retries: number;
  /** Retries that ingest answered as a duplicate of a stored message: the first attempt had been stored. */
  retriesDeduplicated: number;
  /** Send outcomes that were neither an ack nor a typed UNAVAILABLE (another error, a timeout, retries exhausted). */
  untypedFailures: string[];
  /** From the end of the fault until every count read right; undefined when it never did within the bound. */
  onlineConvergedMs: number | undefined;
  /** Services that exited by themselves during the fault (they were started again after it). */
  crashes: string[];
  /** Client sessions that ended by themselves (they joined again after it). */
  sessionsEnded: string[];
  /** Anything else the fault broke that the suite saw (history unreadable, the cluster not answering), in words. */
  problems?: string[];
  /** The counts read last when they did not converge, e.g. `viewers 5,5,4,4; membership 6 (expected 5)`. */
  onlineSeen?: string;
  /**
   * How long, in all, the cluster had no leader for a stream or consumer the room's path
   * needs (messages stream, the room's partition consumer, the leases bucket), as a fresh
   * client saw it: the raft election nats-server runs when a leader is lost (4–9 s on 2.9).
   */
  clusterLeaderlessMs: number;
  /**
   * Set when a viewer got a message under a seq the stream's leader holds for another
   * (seqDisagreements): the replica a consumer read had diverged, a nats-server defect
   * (ADR 0022). What the viewers showed is then not livecast's doing, so the delivery
   * properties (silent misses, order, stall) are reported, not held against the row.
   */
  replicaDivergence?: string;
}

/** The bounds every fault is held to. */
export interface FaultLimits {
  /** Live stall the suite may add: silences with the cluster's leaderless time taken out. */
  maxStallMs: number;
  maxOnlineConvergeMs: number;
}

/** Every property of the fault suite that `row` breaks, in words; empty when it holds them all. */
export function faultViolations(row: FaultRow, limits: FaultLimits): string[] {
  const out: string[] = [];
  if (row.missingFromHistory > 0) out.push(`${row.missingFromHistory} acked messages missing from history`);
  out.push(...(row.replicaDivergence ? [] : deliveryViolations(row, limits)));
  if (row.onlineConvergedMs === undefined || row.onlineConvergedMs > limits.maxOnlineConvergeMs) {
    const seen = row.onlineSeen ? `: ${row.onlineSeen}` : '';
    out.push(`online counts ${row.onlineConvergedMs === undefined ? 'never converged' : `converged after ${row.onlineConvergedMs} ms`} (> ${limits.maxOnlineConvergeMs})${seen}`);
  }
  out.push(...(row.problems ?? []));
  for (const crash of row.crashes) out.push(crash);
  for (const ended of row.sessionsEnded) out.push(ended);
  if (row.untypedFailures.length > 0) out.push(`${row.untypedFailures.length} sends failed untyped (${[...new Set(row.untypedFailures)].slice(0, 3).join('; ')})`);
  return out;
}

/** What the viewers' deliveries break: silent misses, repeats, order, the stall bound. */
function deliveryViolations(row: FaultRow, limits: FaultLimits): string[] {
  const out: string[] = [];
  const { ledger } = row;
  for (const c of ledger.clients) {
    if (c.silentlyMissing.length > 0) out.push(`${c.client}: ${c.silentlyMissing.length} acked messages never shown and no gap told (first ${c.silentlyMissing.slice(0, 5).join(',')})`);
    if (c.shownTwice > 0) out.push(`${c.client}: ${c.shownTwice} messages shown twice`);
    if (c.outOfOrder > 0) out.push(`${c.client}: ${c.outOfOrder} messages out of order`);
  }
  if (ledger.ownStallMs > limits.maxStallMs) {
    out.push(`live delivery stalled ${ledger.ownStallMs} ms beyond the cluster's ${row.clusterLeaderlessMs} ms without a leader (> ${limits.maxStallMs}; ${ledger.stallMs} ms in all)`);
  }
  return out;
}

/** The delivery properties a row's ledger breaks, briefly. */
function brokenDelivery(ledger: LedgerOutcome, limits: FaultLimits): string[] {
  const broken: string[] = [];
  if (ledger.clients.some((c) => c.silentlyMissing.length > 0)) broken.push('silent misses');
  if (ledger.clients.some((c) => c.shownTwice > 0 || c.outOfOrder > 0)) broken.push('order');
  if (ledger.ownStallMs > limits.maxStallMs) broken.push('stall');
  return broken;
}

/** The result cell of a row: `pass`, or which properties broke, briefly (the numbers are in the other columns). */
function resultOf(row: FaultRow, limits: FaultLimits): string {
  const broken: string[] = [];
  if (row.missingFromHistory > 0) broken.push('history');
  if (!row.replicaDivergence) broken.push(...brokenDelivery(row.ledger, limits));
  if (row.onlineConvergedMs === undefined || row.onlineConvergedMs > limits.maxOnlineConvergeMs) broken.push('online');
  if (row.untypedFailures.length > 0) broken.push(`${row.untypedFailures.length} untyped`);
  if (row.problems?.length) broken.push(...row.problems.map((p) => p.split(':')[0]));
  if (row.sessionsEnded.length > 0) broken.push(`${row.sessionsEnded.length} sessions ended`);
  if (row.crashes.length > 0) broken.push(`${row.crashes.map((c) => c.split(' ')[0]).join(', ')} crashed`);
  const defect = row.replicaDivergence ? 'nats-server replica divergence (ADR 0022)' : undefined;
  if (broken.length > 0) return `**FAIL**: ${[...broken, ...(defect ? [defect] : [])].join('; ')}`;
  return defect ? `excused: ${defect}` : 'pass';
}

/** The suite's table in Markdown, one row per fault, with the bounds it was held to. */
export function renderFaultTable(rows: readonly FaultRow[], limits: FaultLimits): string {
  const header = [
    'fault',
    'acked',
    'missing from history',
    'not shown (told / shaped / silent)',
    'live stall ms',
    'cluster leaderless ms',
    'stall beyond cluster ms',
    'send stall ms',
    'resumes',
    'duplicates suppressed',
    'retries (dedup)',
    'online converged ms',
    'result',
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((h, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const row of rows) {
    const { ledger } = row;
    const missing = ledger.clients.reduce((n, c) => n + c.missing.length, 0);
    const silent = ledger.clients.reduce((n, c) => n + c.silentlyMissing.length, 0);
    const shaped = ledger.clients.reduce((n, c) => n + c.shapedAway, 0);
    lines.push(
      `| ${[
        row.fault,
        ledger.acked,
        row.missingFromHistory,
        `${missing - silent - shaped} / ${shaped} / ${silent}`,
        ledger.stallMs,
        row.clusterLeaderlessMs,
        ledger.ownStallMs,
        ledger.sendStallMs,
        ledger.clients.reduce((n, c) => n + c.resumes, 0),
        ledger.clients.reduce((n, c) => n + c.duplicatesSuppressed, 0),
        `${row.retries} (${row.retriesDeduplicated})`,
        row.onlineConvergedMs ?? 'never',
        resultOf(row, limits),
      ].join(' | ')} |`,
    );
  }
  lines.push(
    '',
    `Bounds: live stall beyond the cluster's own leaderless time ≤ ${limits.maxStallMs} ms (ADR 0020); online counts converge within ${limits.maxOnlineConvergeMs} ms (3 heartbeats). Each failure in full: the spec's assertion message.`,
  );
  return lines.join('\n');
}
