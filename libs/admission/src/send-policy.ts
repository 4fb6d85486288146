import { ErrorCode, LivecastError, PRIVILEGED_KINDS, type MessageKind, type Principal, type RoomRecord } from '@livecast/contracts';

/**
 * Who may send what into a room, apart from bans, mutes and rate limits: guests watch
 * only; a closed room takes nothing; privileged kinds need the room's host or staff.
 * Returns null when allowed, else the error for the sender.
 */
export function sendRefusal(sender: Principal, room: RoomRecord | null, kind: MessageKind): LivecastError | null {
  if (sender.guest) return new LivecastError(ErrorCode.Unauthenticated, 'guests may watch but not send: sign in to chat');
  if (room === null) return new LivecastError(ErrorCode.RoomNotFound, 'this room does not exist');
  if (room.status !== 'open') return new LivecastError(ErrorCode.RoomClosed, 'this room is closed');
  if (PRIVILEGED_KINDS.has(kind) && !isRoomStaff(sender, room)) {
    return new LivecastError(ErrorCode.ForbiddenKind, `only the host or moderators may send ${kind} messages`, 'kind');
  }
  return null;
}

/** The room's host, or a moderator/admin of the platform. */
export function isRoomStaff(who: Principal, room: RoomRecord): boolean {
  return who.role === 'admin' || who.role === 'moderator' || (who.role === 'host' && who.id === room.hostId);
}
