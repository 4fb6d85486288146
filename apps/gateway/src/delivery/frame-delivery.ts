import { ErrorCode, ServerEvent, type RoomFrame } from '@livecast/contracts';
import type { PresenceTable } from '@livecast/presence';
import { counter } from '@livecast/service-runtime';
import { SharedFrame, type DeflateLevel, type FrameWriter } from '@livecast/socket-delivery';
import { Logger } from '@nestjs/common';
import type { Connection } from '../connections/connection';
import type { ConnectionRegistry } from '../connections/connection-registry';
import type { LocalRoom } from '../rooms/local-room';

const framesIn = counter('gateway_frames_received_total', 'frames received from fan-out');
const writes = counter('gateway_frame_writes_total', 'frame writes to sockets, by outcome', ['outcome'] as const);
const messagesOut = counter('gateway_messages_delivered_total', 'messages delivered inside frames (per socket)');
const slowDisconnects = counter('gateway_slow_disconnects_total', 'connections closed for being slow too long');
const sentWrites = writes.labels({ outcome: 'sent' });
const skippedWrites = writes.labels({ outcome: 'skipped' });

/** What frame delivery needs to know of the gateway's settings. */
export interface FrameDeliveryOptions {
  slowClientMaxMs: number;
  deflateLevel: DeflateLevel;
}

/**
 * Writes a room's frames to its local members: the frame is encoded once (and compressed
 * once, for the sockets that take it), then the same bytes go to every member. A member
 * too slow to take frames is skipped; one slow for longer than allowed is disconnected.
 */
export class FrameDelivery {
  private readonly logger = new Logger('FrameDelivery');

  constructor(
    private readonly presence: PresenceTable,
    private readonly registry: ConnectionRegistry,
    private readonly writer: FrameWriter,
    private readonly options: FrameDeliveryOptions,
  ) {}

  /** Remembers a frame for joins and writes it to every local member of the room. */
  deliver(room: LocalRoom, frame: RoomFrame, json: string): void {
    if (frame.roomId !== room.roomId) return;
    framesIn.inc();
    room.remember(frame.messages);
    room.lastSeq = Math.max(room.lastSeq, frame.toSeq);
    room.lastFrameAt = Date.now();
    if (frame.online !== undefined) room.online = frame.online;
    const shared = new SharedFrame(ServerEvent.RoomFrame, json, this.options.deflateLevel);
    const now = Date.now();
    let sent = 0;
    let skipped = 0;
    for (const connectionId of this.presence.membersOf(room.roomId)) {
      const connection = this.registry.get(connectionId);
      if (connection === undefined) continue;
      const outcome = this.writer.write(connection, shared, now);
      if (outcome === 'sent') sent++;
      else if (outcome === 'skipped') skipped++;
      else if (outcome === 'too-slow') {
        skipped++;
        this.disconnectSlow(connection);
      }
    }
    sentWrites.inc(sent);
    if (skipped > 0) skippedWrites.inc(skipped);
    messagesOut.inc(sent * frame.messages.length);
  }

  private disconnectSlow(connection: Connection): void {
    slowDisconnects.inc();
    this.logger.warn(`disconnecting ${connection.principal.id} (${connection.id}): too slow for ${this.options.slowClientMaxMs} ms`);
    connection.socket.emit(ServerEvent.Disconnecting, { code: ErrorCode.SlowConsumer, message: 'connection too slow to keep up with the room' });
    connection.socket.disconnect(true);
  }
}
