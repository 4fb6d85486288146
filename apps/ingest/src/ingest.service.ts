import { sendRefusal } from '@livecast/admission';
import { normalizeText, userKey, type ChatMessage, type IngestReply, type IngestRequest, type RoomRecord } from '@livecast/contracts';
import { DedupWindow, RateLimitPolicy, rateLimitedError, takeWithinWait, type GcraDecision, type PriorityLane, type RateLimit } from '@livecast/limits';
import { classify, isUrgent } from '@livecast/shaping';
import { DurableAppend, MessageStream, isTransientJetStreamError, type AppendAck } from '@livecast/nats';
import { SharedFlight, retry } from '@livecast/resilience';
import { ModerationWatch, RoomDirectory, counter, jetStreamErrors, latencyHistogram } from '@livecast/service-runtime';
import { Inject, Injectable } from '@nestjs/common';
import { INGEST_CONFIG, PRIORITY_LANE, type IngestConfig } from './config';
import { SharedLimits } from './limits/shared-limits';

/** An event a limit granted to a message, kept until its append settles. */
interface Spent {
  key: string;
  limit: RateLimit;
  decision: GcraDecision;
}

const outcomes = counter('ingest_requests_total', 'ingest requests by outcome', ['outcome'] as const);
const limitWaits = counter('ingest_limit_waits_total', "sends the room's budget held for LIMIT_WAIT_MS instead of refusing at once, by the second decision", ['outcome'] as const);
const acceptLatency = latencyHistogram('ingest_accept_seconds', 'request received → durable append confirmed');

/** Sends waiting on a room budget at once; while this many wait, a refusal is answered at once. */
const MAX_LIMIT_WAITERS = 1000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Accepts a message: normalize, authorize (room, bans, mutes, kind), rate-limit
 * (shared across replicas), then append durably. The reply is sent only after the
 * stream confirms the append; a retry of the same clientMsgId gets the original seq.
 * An append that cannot be confirmed in time fails UNAVAILABLE with its outcome.
 */
@Injectable()
export class IngestService {
  private readonly recent = new DedupWindow<IngestReply>({ windowMs: 60_000, maxEntries: 100_000 });
  /** Requests being handled, by dedup key: a copy of one (the gateway's resend, a client's retry) shares its outcome instead of spending and appending again. */
  private readonly handling = new SharedFlight<IngestReply>();
  private readonly appender: DurableAppend;
  private readonly policyBudgetMs: number;
  private readonly limitWaitMs: number;
  private limitWaiters = 0;

  constructor(
    private readonly rooms: RoomDirectory,
    private readonly moderation: ModerationWatch,
    private readonly limits: SharedLimits,
    private readonly policy: RateLimitPolicy,
    @Inject(PRIORITY_LANE) private readonly lane: PriorityLane,
    stream: MessageStream,
    @Inject(INGEST_CONFIG) config: IngestConfig,
  ) {
    this.appender = new DurableAppend(stream, config.APPEND_BUDGET_MS, (err) => jetStreamErrors.record('stream.append', err));
    // The policy reads get a share of the budget too: the append still needs the rest.
    this.policyBudgetMs = Math.floor(config.APPEND_BUDGET_MS / 4);
    this.limitWaitMs = config.LIMIT_WAIT_MS;
  }

  async accept(request: IngestRequest): Promise<IngestReply> {
    const started = performance.now();
    // userKey: no ':' inside, so room, user and clientMsgId never run into each other.
    const dedupKey = `${request.roomId}:${userKey(request.from.id)}:${request.clientMsgId}`;
    const now = Date.now();
    const seen = this.recent.get(dedupKey, now);
    if (seen) return this.done('duplicate', seen.ok ? { ...seen, duplicate: true } : seen, started);
    let joined = true;
    const reply = await this.handling.run(dedupKey, () => {
      joined = false;
      return this.acceptNew(request, dedupKey, now, started);
    });
    return joined ? this.done('coalesced', reply, started) : reply;
  }

  private async acceptNew(request: IngestRequest, dedupKey: string, now: number, started: number): Promise<IngestReply> {
    const text = normalizeText(request.text, request.kind);
    const room = await this.withRetries((): Promise<RoomRecord | null> => this.rooms.get(request.roomId, now));
    const refusal = sendRefusal(request.from, room, request.kind);
    if (refusal) throw refusal;
    await this.withRetries(() => this.moderation.ensure(request.roomId));
    const moderated = this.moderation.decide(request.roomId, request.from.id, 'send', now);
    if (moderated) throw moderated;
    const message: ChatMessage = { seq: 0, roomId: request.roomId, kind: request.kind, text, clientMsgId: request.clientMsgId, from: request.from, ts: now };
    const spent = await this.withRetries(() => this.spendTokens(message));
    let ack: AppendAck;
    try {
      ack = await this.appender.append(message, dedupKey);
    } catch (err) {
      // The client retries an append that failed (UNAVAILABLE) with the same clientMsgId, and
      // the retry spends again: what this attempt spent goes back, so a stored message costs
      // its sender one event, not one per attempt.
      this.refund(spent);
      throw err;
    }
    // Stored before (a retry, or a copy the gateway sent again that another replica appended): that attempt spent already.
    if (ack.duplicate) this.refund(spent);
    const reply: IngestReply = { ok: true, seq: ack.seq, duplicate: ack.duplicate, ts: now };
    this.recent.remember(dedupKey, reply, now);
    return this.done(ack.duplicate ? 'duplicate' : 'accepted', reply, started);
  }

  private refund(spent: Spent[]): void {
    for (const { key, limit, decision } of spent) this.limits.refund(key, limit, decision);
  }

  /**
   * Room, moderation and limit state through a leader election: a transient KV failure is
   * retried briefly (reads, and limit writes that are compare-and-set) before the send is
   * refused UNAVAILABLE, not stored.
   */
  private withRetries<T>(step: () => Promise<T>): Promise<T> {
    return retry(step, {
      backoff: { initialMs: 50, maxMs: 400, jitter: 0.3 },
      maxAttempts: 20,
      giveUpAfterMs: this.policyBudgetMs,
      isTransient: isTransientJetStreamError,
      onRetry: (err) => jetStreamErrors.record('ingest.policy', err),
    });
  }

  /** Spends the message's events of every limit it falls under; returns what it spent, or throws RATE_LIMITED. */
  private async spendTokens(message: ChatMessage): Promise<Spent[]> {
    const scope = message.from.role === 'viewer' ? 'viewer' : message.from.role;
    const spent: Spent[] = [];
    const take = async (key: string, limit: RateLimit, patient = false) => {
      const decision = patient ? await this.takePatiently(key, limit) : await this.limits.take(key, limit);
      if (decision.allowed) spent.push({ key, limit, decision });
      return decision;
    };
    // Decided on this replica's share (ADR 0018), in order, so a refused sender spends
    // nothing of the room's budget. Priority messages also spend from the room's priority
    // lane: beyond what screens can show they would only queue in the fan-out, each
    // waiting longer than the last.
    const user = await take(`u.${userKey(message.from.id)}`, this.policy.limitFor(scope));
    if (!user.allowed) throw rateLimitedError(user.retryAfterMs, 'sender');
    const room = await take(`r.${message.roomId}`, this.policy.limitFor('room'), true);
    if (!room.allowed) throw rateLimitedError(room.retryAfterMs, 'room');
    if (classify(message) !== 'priority') return spent;
    const priority = await take(`p.${message.roomId}`, isUrgent(message) ? this.lane.urgent : this.lane.gift, true);
    if (!priority.allowed) throw rateLimitedError(priority.retryAfterMs, 'priority');
    return spent;
  }

  /**
   * A room budget's decision that waits out a refusal of up to LIMIT_WAIT_MS: shared by
   * every sender of the room and split over the replicas, it refuses for moments nobody
   * chose (copies decided on two replicas, a peer catching up after a pause). A sender's
   * own limit is never waited on: its refusals are its own rate.
   */
  private async takePatiently(key: string, limit: RateLimit): Promise<GcraDecision> {
    const take = () => this.limits.take(key, limit);
    let waited = false;
    const wait = async (ms: number) => {
      waited = true;
      this.limitWaiters++;
      try {
        await sleep(ms);
      } finally {
        this.limitWaiters--;
      }
    };
    const decision = await takeWithinWait(take, this.limitWaiters < MAX_LIMIT_WAITERS ? this.limitWaitMs : 0, wait);
    if (waited) limitWaits.inc({ outcome: decision.allowed ? 'granted' : 'refused' });
    return decision;
  }

  private done(outcome: string, reply: IngestReply, started: number): IngestReply {
    outcomes.inc({ outcome });
    acceptLatency.observe((performance.now() - started) / 1000);
    return reply;
  }

  /** Counts a refusal; the handler turns it into the error reply. */
  refused(code: string): void {
    outcomes.inc({ outcome: code });
  }
}
