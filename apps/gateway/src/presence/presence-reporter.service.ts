import { Names } from '@livecast/contracts';
import { Bus } from '@livecast/nats';
import { CountReporter } from '@livecast/presence';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { RoomHub } from '../rooms/room-hub.service';

/**
 * Sends this gateway's per-room counts to membership: deltas at most every
 * PRESENCE_DELTA_MS, a full snapshot (the heartbeat) every PRESENCE_HEARTBEAT_MS, and
 * one at start so membership never waits a heartbeat to learn of us. Never per user.
 */
@Injectable()
export class PresenceReporter implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private deltaTimer?: NodeJS.Timeout;
  private heartbeatTimer?: NodeJS.Timeout;

  constructor(
    private readonly bus: Bus,
    private readonly names: Names,
    private readonly reporter: CountReporter,
    private readonly hub: RoomHub,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.sendSnapshot();
    this.deltaTimer = setInterval(() => this.sendDelta(), this.config.PRESENCE_DELTA_MS);
    this.heartbeatTimer = setInterval(() => this.sendSnapshot(), this.config.PRESENCE_HEARTBEAT_MS);
  }

  /** Runs after sockets are closed: the last snapshot tells membership we hold nobody now. */
  beforeApplicationShutdown(): void {
    clearInterval(this.deltaTimer);
    clearInterval(this.heartbeatTimer);
    this.sendSnapshot();
  }

  private sendDelta(): void {
    for (let report = this.reporter.takeDelta(); report; report = this.reporter.takeDelta()) {
      this.bus.publish(this.names.presence(report.gatewayId), report);
    }
  }

  private sendSnapshot(): void {
    const report = this.reporter.snapshot(this.hub.presence.roomCounts());
    this.bus.publish(this.names.presence(report.gatewayId), report);
  }
}
