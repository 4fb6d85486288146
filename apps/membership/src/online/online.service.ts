import { Names, type PresenceReport } from '@livecast/contracts';
import { Bus, type BusSubscription } from '@livecast/nats';
import { OnlineAggregator } from '@livecast/presence';
import { counter, gauge } from '@livecast/service-runtime';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { MEMBERSHIP_CONFIG, type MembershipConfig } from '../config';

const reports = counter('presence_reports_total', 'presence reports received, by outcome', ['kind', 'outcome'] as const);
const gateways = gauge('presence_gateways', 'gateways currently reporting');
const rooms = gauge('presence_rooms', 'rooms with at least one viewer');

/**
 * Room online counts from gateway reports. Counts change at most once per
 * ONLINE_PUBLISH_MS per room on the control subject; a gateway silent for three of its
 * heartbeats is dropped; a restarted membership rebuilds from the next snapshots.
 * Every ONLINE_REFRESH_MS all rooms' counts go out again, changed or not: a count event
 * lost while a gateway or fan-out reconnected (core NATS is at most once) would otherwise
 * stand until the room's next change.
 * One timer, armed only for work that is due: changed counts to publish, the refresh
 * while any room has viewers, or the next gateway to expire — with no viewers it wakes
 * once per idle heartbeat, not every period.
 */
@Injectable()
export class OnlineService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Online');
  private readonly aggregator = new OnlineAggregator({ now: () => Date.now() });
  private subscription?: BusSubscription;
  private timer?: NodeJS.Timeout;
  private timerDueAt = Infinity;
  private refreshedAt = Date.now();

  constructor(
    private readonly bus: Bus,
    private readonly names: Names,
    @Inject(MEMBERSHIP_CONFIG) private readonly config: MembershipConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.bus.subscribe(this.names.presenceAll(), (report, msg) => this.apply(report, msg.subject));
  }

  onModuleDestroy(): void {
    clearTimeout(this.timer);
    this.timerDueAt = -Infinity;
    this.subscription?.unsubscribe();
  }

  online(roomId: string): number {
    return this.aggregator.online(roomId);
  }

  private apply(report: PresenceReport, subject: string): void {
    const outcome = this.aggregator.apply(report, this.names.gatewayOfPresence(subject));
    reports.inc({ kind: report.kind, outcome });
    if (outcome === 'misattributed') this.bus.dropped('presence', subject, `report names gateway ${report.gatewayId}`);
    if (outcome === 'stale') this.logger.warn(`gateway ${report.gatewayId} report out of sequence: waiting for its snapshot`);
    this.schedule(Date.now());
  }

  /** Arms the timer for the earliest due work, unless it is already armed sooner. */
  private schedule(now: number): void {
    const publishAt = this.aggregator.hasChanges ? now + this.config.ONLINE_PUBLISH_MS : Infinity;
    const refreshAt = this.aggregator.roomCount > 0 ? Math.max(now, this.refreshDueAt()) : Infinity;
    const dueAt = Math.min(publishAt, refreshAt, this.aggregator.nextExpiryAt());
    if (dueAt >= this.timerDueAt) return;
    clearTimeout(this.timer);
    this.timerDueAt = dueAt;
    this.timer = setTimeout(() => {
      this.timerDueAt = Infinity;
      this.publishChanges();
      this.schedule(Date.now());
    }, dueAt - now);
  }

  /** When every room's count goes out again. */
  private refreshDueAt(): number {
    return this.refreshedAt + this.config.ONLINE_REFRESH_MS;
  }

  private publishChanges(): void {
    const before = this.aggregator.gatewayCount;
    this.aggregator.expire();
    const dropped = before - this.aggregator.gatewayCount;
    if (dropped > 0) this.logger.warn(`${dropped} gateway(s) missed 3 heartbeats: dropped from counts`);
    gateways.set(this.aggregator.gatewayCount);
    rooms.set(this.aggregator.roomCount);
    const now = Date.now();
    const refresh = now >= this.refreshDueAt();
    if (refresh) this.refreshedAt = now;
    for (const [roomId, online] of refresh ? this.aggregator.drainAll() : this.aggregator.drainChanged()) {
      this.bus.publish(this.names.control(roomId), { roomId, action: 'online', online });
    }
  }
}
