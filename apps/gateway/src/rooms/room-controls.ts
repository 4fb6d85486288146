import { ServerEvent, type RoomControl } from '@livecast/contracts';
import type { PresenceTable } from '@livecast/presence';
import type { RoomDirectory } from '@livecast/service-runtime';
import { SharedFrame, type DeflateLevel, type FrameWriter } from '@livecast/socket-delivery';
import type { ConnectionRegistry } from '../connections/connection-registry';
import type { LocalRoom } from './local-room';

/** A room that had a frame this recently learns online counts from its frames. */
export const ONLINE_IN_FRAMES_MS = 1500;

/**
 * Applies a room's control events (membership's kick, ban, mute, close, online) to its
 * local members: tells the connections concerned, and answers which of them must leave
 * the room — the caller takes them out, so the room's subscription follows.
 */
export class RoomControls {
  constructor(
    private readonly presence: PresenceTable,
    private readonly registry: ConnectionRegistry,
    private readonly writer: FrameWriter,
    private readonly directory: Pick<RoomDirectory, 'invalidate'>,
    private readonly deflateLevel: DeflateLevel,
    private readonly now: () => number = Date.now,
  ) {}

  /** Connection ids to take out of the room. */
  apply(room: LocalRoom, control: RoomControl): readonly string[] {
    if (control.roomId !== room.roomId) return [];
    switch (control.action) {
      case 'online':
        // Membership republishes every count periodically: an unchanged one is not news.
        if (control.online === undefined || control.online === room.online) return [];
        room.online = control.online;
        // A room with frames flowing gets the count inside them (the fan-out stamps it): a
        // separate event would double the writes of a mega room. Quiet rooms get the event.
        if (this.now() - room.lastFrameAt > ONLINE_IN_FRAMES_MS) this.tell(this.presence.membersOf(room.roomId), control);
        return [];
      case 'closed': {
        // Forget the cached open status, so a join right after the close is refused.
        this.directory.invalidate(room.roomId);
        const members = [...this.presence.membersOf(room.roomId)];
        this.tell(members, control);
        return members;
      }
      case 'kicked':
      case 'banned': {
        const members = this.membersOfUser(room.roomId, control.userId);
        this.tell(members, control);
        return members;
      }
      case 'muted':
      case 'unmuted':
        this.tell(this.membersOfUser(room.roomId, control.userId), control);
        return [];
    }
  }

  private membersOfUser(roomId: string, userId: string | undefined): string[] {
    if (userId === undefined) return [];
    return [...this.presence.connectionsOfUser(userId)].filter((id) => this.presence.isMember(id, roomId));
  }

  private tell(connectionIds: Iterable<string>, control: RoomControl): void {
    const shared = new SharedFrame(ServerEvent.RoomControl, JSON.stringify(control), this.deflateLevel);
    for (const id of connectionIds) {
      const connection = this.registry.get(id);
      if (connection) this.writer.writeControl(connection, shared);
    }
  }
}
