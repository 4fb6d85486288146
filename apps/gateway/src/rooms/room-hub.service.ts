import { Names, type RoomControl } from '@livecast/contracts';
import { Bus } from '@livecast/nats';
import { PresenceTable } from '@livecast/presence';
import { RoomDirectory } from '@livecast/service-runtime';
import { FrameWriter } from '@livecast/socket-delivery';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import type { Connection } from '../connections/connection';
import { ConnectionRegistry } from '../connections/connection-registry';
import { FrameDelivery } from '../delivery/frame-delivery';
import { timerScheduler } from '../timers';
import type { LocalRoom } from './local-room';
import { RoomControls } from './room-controls';
import { RoomSubscriptions } from './room-subscriptions';

/**
 * Puts this gateway's connections in rooms and keeps every room with a local member
 * subscribed: the presence table's answers drive the subscriptions (a join acquires the
 * room, a leave that was the last releases it). Frames and control events of subscribed
 * rooms go to FrameDelivery and RoomControls. Nothing here is global.
 */
@Injectable()
export class RoomHub implements OnModuleDestroy {
  private readonly logger = new Logger('RoomHub');
  private readonly subscriptions: RoomSubscriptions;
  private readonly controls: RoomControls;

  constructor(
    readonly presence: PresenceTable,
    private readonly registry: ConnectionRegistry,
    bus: Bus,
    names: Names,
    writer: FrameWriter,
    directory: RoomDirectory,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    const delivery = new FrameDelivery(presence, registry, writer, { slowClientMaxMs: config.SLOW_CLIENT_MAX_MS, deflateLevel: config.FRAME_DEFLATE_LEVEL });
    this.controls = new RoomControls(presence, registry, writer, directory, config.FRAME_DEFLATE_LEVEL);
    this.subscriptions = new RoomSubscriptions({
      bus,
      names,
      scheduler: timerScheduler,
      lingerMs: config.INTEREST_LINGER_MS,
      historyOnJoin: config.HISTORY_ON_JOIN,
      handlers: { onFrame: (room, frame, json) => delivery.deliver(room, frame, json), onControl: (room, control) => this.onControl(room, control) },
    });
  }

  onModuleDestroy(): void {
    this.subscriptions.dispose();
  }

  /** Registers a connection; throws LIMIT_EXCEEDED past the per-user connection limit. */
  addConnection(connection: Connection): void {
    this.presence.addConnection(connection.id, connection.principal.id);
    this.registry.add(connection);
  }

  removeConnection(connectionId: string): void {
    const removed = this.presence.removeConnection(connectionId);
    this.registry.remove(connectionId);
    if (removed) for (const roomId of removed.emptied) this.subscriptions.release(roomId);
  }

  connectionCount(): number {
    return this.registry.size;
  }

  /** Adds the connection to the room and returns the room's subscription, opened now if the room is new here. */
  join(connectionId: string, roomId: string): LocalRoom {
    this.presence.join(connectionId, roomId);
    return this.subscriptions.acquire(roomId);
  }

  leave(connectionId: string, roomId: string): void {
    if (this.presence.leave(connectionId, roomId).last) this.subscriptions.release(roomId);
  }

  isMember(connectionId: string, roomId: string): boolean {
    return this.presence.isMember(connectionId, roomId);
  }

  private onControl(room: LocalRoom, control: RoomControl): void {
    const removed = this.controls.apply(room, control);
    for (const id of removed) this.leave(id, control.roomId);
    if (removed.length > 0) this.logger.log(`${control.action}: removed ${removed.length} connection(s) from ${control.roomId}`);
  }
}
