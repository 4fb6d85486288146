import { Names, type LimitLendReply, type LimitLendRequest } from '@livecast/contracts';
import { ReplicaShares, ReportThrottle, ShareLimiter, type GcraDecision, type RateLimit } from '@livecast/limits';
import { Bus, jetStreamErrorKind, type BusSubscription } from '@livecast/nats';
import { counter, gauge, whenClusterServes, type RateLimitsBucket } from '@livecast/service-runtime';
import { Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';

const lends = counter('ingest_limit_lends_total', "events asked of another replica after this replica's share refused, by answer", ['outcome'] as const);
const replicasGauge = gauge('ingest_limit_replicas', 'ingest replicas sharing the limits, as this replica sees them');

/**
 * A peer that does not answer within this long refuses the event and counts out until its
 * next announcement (ReplicaShares.unanswered): cut off or paused, it grants nothing.
 */
const LEND_TIMEOUT_MS = 250;
/** Keys every peer refused, remembered until their retry hint; past this many the oldest is forgotten. */
const MAX_REFUSED_KEYS = 10_000;

/** A key refused after asking every peer is logged at most once per this long. */
const REFUSAL_LOG_PERIOD_MS = 10_000;

/** Why this replica's view of who shares the limits changed, for the log line that says so. */
type ViewChange = 'announced' | 'goodbye' | 'unanswered' | 'gone' | 'stale';

const LENT: GcraDecision = Object.freeze({ allowed: true, newTat: 0, retryAfterMs: 0, remaining: 0 });

/**
 * The rate limits every ingest replica shares (ADR 0018). Each replica decides alone on
 * its share of every budget (1 / live replicas): no KV round trip per message. Replicas
 * announce themselves in the rate-limit bucket every `syncMs` and watch each other's
 * announcements; one unheard for three intervals (or gone) gives its share back. When
 * this replica's share refuses an event, it asks the peers in turn to lend one of
 * theirs, so a sender whose messages land unevenly still gets the whole budget; a key
 * every peer refused is not asked about again until their retry hint has passed. A peer
 * that has no lend subscription any more (no responders) is counted out at once; one that
 * leaves the ask unanswered, until it announces itself again.
 */
export class SharedLimits implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('SharedLimits');
  private readonly shares: ReplicaShares;
  private readonly limiter = new ShareLimiter();
  private readonly refusedUntil = new Map<string, number>();
  private readonly refusalReports = new ReportThrottle({ periodMs: REFUSAL_LOG_PERIOD_MS, maxKeys: 1000 });
  /** Replicas sharing the limits as last logged, this one included. */
  private live = 1;
  private stopWatch?: () => void;
  private lendSubscription?: BusSubscription;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly bus: Bus,
    private readonly names: Names,
    private readonly bucket: RateLimitsBucket,
    private readonly instanceId: string,
    private readonly syncMs: number,
  ) {
    this.shares = new ReplicaShares(instanceId, 3 * syncMs);
  }

  /** Announces this replica and waits until the others' announcements are known, so the first share is right. */
  async onModuleInit(): Promise<void> {
    await whenClusterServes('limit replicas announcement', () => this.announce(), this.logger);
    this.stopWatch = await whenClusterServes('limit replicas watch', () => this.watchReplicas(), this.logger);
    const lendChannel = this.names.limitLend(this.instanceId);
    this.lendSubscription = this.bus.subscribe(lendChannel, (request, msg) => this.bus.reply(msg, lendChannel, this.lend(request)));
    this.timer = setInterval(() => this.tick(), this.syncMs);
    this.timer.unref();
  }

  /** Says goodbye, so the others take this replica's share back at once. */
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.stopWatch?.();
    await this.lendSubscription?.drain();
    await this.bucket.delete(this.names.replicaKey(this.instanceId)).catch(() => undefined);
  }

  /**
   * Decides one event of `key` under `limit`: locally on this replica's share, then from
   * the peers' if it refused. The clock is read here, not at the request's arrival: GCRA
   * decisions of one key must see non-decreasing times, or an older request decided after
   * a newer one is refused for an event the budget still holds.
   */
  take(key: string, limit: RateLimit): GcraDecision | Promise<GcraDecision> {
    const now = Date.now();
    const own = this.limiter.take(key, limit, this.shares.share(now), now);
    if (own.allowed) return own;
    const until = this.refusedUntil.get(key);
    if (until !== undefined && until > now) return own;
    const peers = this.shares.peers(now);
    return peers.length === 0 ? own : this.borrow(key, limit, own, peers, now);
  }

  /**
   * Gives back an event `take` granted from this replica's own share (one lent by a peer
   * stays spent there: under-grant, never over-grant).
   */
  refund(key: string, limit: RateLimit, decision: GcraDecision): void {
    if (decision === LENT || !decision.allowed) return;
    const now = Date.now();
    this.limiter.refund(key, limit, this.shares.share(now), now);
  }

  private async borrow(key: string, limit: RateLimit, own: GcraDecision, peers: string[], now: number): Promise<GcraDecision> {
    let retryAfterMs = own.retryAfterMs;
    const request: LimitLendRequest = { key, limit: { rate: limit.rate, per: limit.per, burst: limit.burst } };
    const shareBefore = this.shares.share(now);
    const answers: string[] = [];
    for (const peer of peers) {
      const reply = await this.ask(peer, request);
      if (reply?.granted) return LENT;
      if (reply) retryAfterMs = Math.min(retryAfterMs, reply.retryAfterMs);
      answers.push(`${peer}: ${reply ? 'refused' : 'no answer'}`);
    }
    // A peer found gone gave its share back: the event is decided again on the larger share,
    // or the first send after a replica's crash is refused for a budget this replica now holds.
    const later = Date.now();
    const shareNow = this.shares.share(later);
    if (shareNow > shareBefore) {
      const again = this.limiter.take(key, limit, shareNow, later);
      if (again.allowed) return again;
      retryAfterMs = Math.min(retryAfterMs, again.retryAfterMs);
    }
    this.rememberRefused(key, later + retryAfterMs);
    const held = this.refusalReports.take(key, later);
    if (held !== null) this.logger.log({ key, share: shareNow, answers, retryAfterMs, heldBack: held, waitedMs: later - now }, 'rate limit refused on this replica and by every peer asked');
    return { ...own, retryAfterMs };
  }

  private async ask(peer: string, request: LimitLendRequest): Promise<LimitLendReply | null> {
    try {
      const reply = await this.bus.request(this.names.limitLend(peer), request, LEND_TIMEOUT_MS);
      lends.inc({ outcome: reply.granted ? 'granted' : 'refused' });
      return reply;
    } catch (err) {
      // No responders: nothing subscribes to that replica's lend subject any more, so it died
      // without saying goodbye. Its share returns now instead of after three silent intervals
      // (a replica that is only reconnecting counts again at its next announcement).
      const gone = jetStreamErrorKind(err) === 'no_responders';
      if (gone) this.shares.left(peer);
      // Unanswered: cut off from the bus or paused (its clients' requests time out too), so
      // its share is lent to nobody; it counts again once an announcement of it arrives.
      else this.shares.unanswered(peer);
      lends.inc({ outcome: gone ? 'gone' : 'unanswered' });
      this.noteView(gone ? 'gone' : 'unanswered', peer);
      return null;
    }
  }

  /** A peer asks for one event of this replica's share. */
  private lend(request: LimitLendRequest): LimitLendReply {
    const now = Date.now();
    const decision = this.limiter.take(request.key, request.limit, this.shares.share(now), now);
    return { granted: decision.allowed, retryAfterMs: decision.retryAfterMs };
  }

  private watchReplicas(): Promise<() => void> {
    return new Promise((resolve, reject) => {
      let stop: (() => void) | undefined;
      let initialized = false;
      this.bucket
        .watch(
          this.names.replicaKeys(),
          (change) => {
            const id = this.names.replicaOfKey(change.key);
            if (id === null) return;
            if (change.value === null) this.shares.left(id);
            // The announcer's clock, capped at ours: an old announcement read at start counts as old.
            else this.shares.heard(id, Math.min(change.value, Date.now()));
            this.noteView(change.value === null ? 'goodbye' : 'announced', id);
          },
          () => {
            initialized = true;
            if (stop) resolve(stop);
          },
        )
        .then((stopWatch) => {
          stop = stopWatch;
          if (initialized) resolve(stopWatch);
        }, reject);
    });
  }

  private rememberRefused(key: string, until: number): void {
    this.refusedUntil.delete(key);
    if (this.refusedUntil.size >= MAX_REFUSED_KEYS) this.refusedUntil.delete(this.refusedUntil.keys().next().value as string);
    this.refusedUntil.set(key, until);
  }

  private tick(): void {
    const now = Date.now();
    this.limiter.sweep(now);
    for (const [key, until] of this.refusedUntil) if (until <= now) this.refusedUntil.delete(key);
    this.noteView('stale');
    this.announce().catch((err: unknown) => this.logger.warn({ err }, 'replica announcement failed; the peers count this replica until it is stale'));
  }

  /** Logs a change in how many replicas share the limits (each one halves or doubles every share), with its cause. */
  private noteView(cause: ViewChange, peer?: string): void {
    const live = 1 + this.shares.peers(Date.now()).length;
    replicasGauge.set(live);
    if (live === this.live) return;
    this.logger.log({ replicas: live, was: this.live, cause, peer }, 'ingest replicas sharing the limits changed');
    this.live = live;
  }

  private async announce(): Promise<void> {
    await this.bucket.put(this.names.replicaKey(this.instanceId), Date.now());
  }
}
