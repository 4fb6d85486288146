import { ErrorCode, Names, ServerEvent, type RoomControl, type RoomFrame } from '@livecast/contracts';
import { Bus } from '@livecast/nats';
import { CountReporter, PresenceTable, RoomInterest, combineListeners } from '@livecast/presence';
import { RoomDirectory, counter, gauge } from '@livecast/service-runtime';
import { FrameWriter, type PreparedPacket } from '@livecast/socket-delivery';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import type { Connection } from '../delivery/connection';
import { LocalRoom } from './local-room';

const framesIn = counter('gateway_frames_received_total', 'frames received from fan-out');
const writes = counter('gateway_frame_writes_total', 'frame writes to sockets, by outcome', ['outcome'] as const);
const messagesOut = counter('gateway_messages_delivered_total', 'messages delivered inside frames (per socket)');
const subscribedRooms = gauge('gateway_subscribed_rooms', 'rooms this gateway is subscribed to');
const subscriptionsOpened = counter('gateway_room_subscriptions_total', 'room subscriptions opened (first local viewer after the linger)');
const connectionsGauge = gauge('gateway_connections', 'open socket connections');
const slowDisconnects = counter('gateway_slow_disconnects_total', 'connections closed for being slow too long');

/** A room that had a frame this recently learns online counts from its frames. */
const ONLINE_IN_FRAMES_MS = 1500;

const scheduler = {
  schedule: (fn: () => void, ms: number) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

/**
 * The gateway's rooms: the local presence table, room interest (one subscription per
 * locally present room, with linger), frame delivery to local members, and control
 * actions. Nothing here is global: it knows only this gateway's connections.
 */
@Injectable()
export class RoomHub implements OnModuleDestroy {
  private readonly logger = new Logger('RoomHub');
  readonly presence: PresenceTable;
  private readonly interest: RoomInterest;
  private readonly rooms = new Map<string, LocalRoom>();
  private readonly connections = new Map<string, Connection>();

  constructor(
    private readonly bus: Bus,
    private readonly names: Names,
    private readonly writer: FrameWriter,
    private readonly directory: RoomDirectory,
    reporter: CountReporter,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {
    this.interest = new RoomInterest({
      scheduler,
      lingerMs: config.INTEREST_LINGER_MS,
      sink: { subscribe: (roomId) => this.openRoom(roomId), unsubscribe: (roomId) => this.closeRoom(roomId) },
    });
    this.presence = new PresenceTable({
      maxConnectionsPerUser: config.MAX_CONNECTIONS_PER_USER,
      maxRoomsPerConnection: config.MAX_ROOMS_PER_CONNECTION,
      listener: combineListeners(this.interest, reporter),
    });
  }

  onModuleDestroy(): void {
    this.interest.dispose();
  }

  addConnection(connection: Connection): void {
    this.presence.addConnection(connection.id, connection.principal.id);
    this.connections.set(connection.id, connection);
    connectionsGauge.set(this.connections.size);
  }

  removeConnection(connectionId: string): void {
    this.presence.removeConnection(connectionId);
    this.connections.delete(connectionId);
    connectionsGauge.set(this.connections.size);
  }

  connectionCount(): number {
    return this.connections.size;
  }

  /** Adds the connection to the room; the room is subscribed (synchronously) if it is new here. */
  join(connectionId: string, roomId: string): LocalRoom {
    this.presence.join(connectionId, roomId);
    const room = this.rooms.get(roomId);
    if (!room) throw new Error(`room ${roomId} joined but not subscribed`);
    return room;
  }

  leave(connectionId: string, roomId: string): void {
    this.presence.leave(connectionId, roomId);
  }

  isMember(connectionId: string, roomId: string): boolean {
    return this.presence.isMember(connectionId, roomId);
  }

  private openRoom(roomId: string): void {
    const room = new LocalRoom(roomId, this.config.HISTORY_ON_JOIN);
    room.subscriptions.push(
      this.bus.subscribeWithJson(this.names.deliver(roomId), (frame, json) => this.onFrame(room, frame, json)),
      this.bus.subscribe(this.names.control(roomId), (control) => this.onControl(room, control)),
    );
    this.rooms.set(roomId, room);
    subscriptionsOpened.inc();
    subscribedRooms.set(this.rooms.size);
  }

  private closeRoom(roomId: string): void {
    this.rooms.get(roomId)?.close();
    this.rooms.delete(roomId);
    subscribedRooms.set(this.rooms.size);
  }

  /** Validates a frame once, encodes it once, writes the same bytes to every local member. */
  private onFrame(room: LocalRoom, frame: RoomFrame, json: string): void {
    if (frame.roomId !== room.roomId) return;
    framesIn.inc();
    room.remember(frame.messages);
    room.lastSeq = Math.max(room.lastSeq, frame.toSeq);
    room.lastFrameAt = Date.now();
    if (frame.online !== undefined) room.online = frame.online;
    const prepared = this.writer.prepare(ServerEvent.RoomFrame, json);
    this.broadcastFrame(room.roomId, prepared, frame);
  }

  private broadcastFrame(roomId: string, prepared: PreparedPacket, frame: RoomFrame): void {
    const now = Date.now();
    let sent = 0;
    let skipped = 0;
    for (const connectionId of this.presence.membersOf(roomId)) {
      const connection = this.connections.get(connectionId);
      if (!connection) continue;
      const outcome = this.writer.write(connection, prepared, now);
      if (outcome === 'sent') sent++;
      else if (outcome === 'skipped') skipped++;
      else if (outcome === 'too-slow') {
        skipped++;
        this.disconnectSlow(connection);
      }
    }
    writes.inc({ outcome: 'sent' }, sent);
    if (skipped > 0) writes.inc({ outcome: 'skipped' }, skipped);
    messagesOut.inc(sent * frame.messages.length);
  }

  private disconnectSlow(connection: Connection): void {
    slowDisconnects.inc();
    this.logger.warn(`disconnecting ${connection.principal.id} (${connection.id}): too slow for ${this.config.SLOW_CLIENT_MAX_MS} ms`);
    connection.socket.emit(ServerEvent.Disconnecting, { code: ErrorCode.SlowConsumer, message: 'connection too slow to keep up with the room' });
    connection.socket.disconnect(true);
  }

  private onControl(room: LocalRoom, control: RoomControl): void {
    if (control.roomId !== room.roomId) return;
    switch (control.action) {
      case 'online':
        room.online = control.online ?? room.online;
        // A room with frames flowing gets the count inside them (the fan-out stamps it): a
        // separate event would double the writes of a mega room. Quiet rooms get the event.
        if (Date.now() - room.lastFrameAt > ONLINE_IN_FRAMES_MS) this.sendControl(this.presence.membersOf(room.roomId), control);
        return;
      case 'closed':
        // Forget the cached open status, so a join right after the close is refused.
        this.directory.invalidate(room.roomId);
        this.removeMembers([...this.presence.membersOf(room.roomId)], control);
        return;
      case 'kicked':
      case 'banned':
        this.removeMembers(this.membersOfUser(room.roomId, control.userId), control);
        return;
      case 'muted':
      case 'unmuted':
        this.sendControl(this.membersOfUser(room.roomId, control.userId), control);
        return;
    }
  }

  private membersOfUser(roomId: string, userId: string | undefined): string[] {
    if (userId === undefined) return [];
    return [...this.presence.connectionsOfUser(userId)].filter((id) => this.presence.isMember(id, roomId));
  }

  private removeMembers(connectionIds: string[], control: RoomControl): void {
    this.sendControl(connectionIds, control);
    for (const id of connectionIds) this.presence.leave(id, control.roomId);
    if (connectionIds.length > 0) this.logger.log(`${control.action}: removed ${connectionIds.length} connection(s) from ${control.roomId}`);
  }

  private sendControl(connectionIds: Iterable<string>, control: RoomControl): void {
    const prepared = this.writer.prepare(ServerEvent.RoomControl, JSON.stringify(control));
    for (const id of connectionIds) {
      const connection = this.connections.get(id);
      if (connection) this.writer.writeControl(connection, prepared);
    }
  }
}
