import { ReportPacer } from '@livecast/presence';
import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { RoomHub } from '../rooms/room-hub.service';

/**
 * Sends this gateway's per-room counts to membership (ReportPacer decides when: batched
 * deltas, snapshots as the heartbeat, a long one while no viewer is here), one at start
 * so membership never waits a heartbeat to learn of us. Never per user.
 */
@Injectable()
export class PresenceReporter implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly pacer: ReportPacer,
    private readonly hub: RoomHub,
  ) {}

  onApplicationBootstrap(): void {
    this.pacer.start(() => this.hub.presence.roomCounts());
  }

  /** Runs after sockets are closed: the last snapshot tells membership we hold nobody now. */
  beforeApplicationShutdown(): void {
    this.pacer.stop();
  }
}
