import { ErrorCode, LivecastError, isInForce, type ModerationRecord } from '@livecast/contracts';
import { bannedError, mutedError, notLoadedError } from './admission-errors';

/** The kinds of moderation record that bar a user. */
export type ModerationAction = 'ban' | 'mute';

/** What a user is trying to do: a ban bars both, a mute bars only sending. */
export type AdmissionIntent = 'join' | 'send';

/** Whether a user is banned / muted in a room at a given time. */
export interface AdmissionStatus {
  readonly banned: boolean;
  readonly muted: boolean;
}

/** Options of an {@link AdmissionCache}. */
export interface AdmissionCacheOptions {
  /** Rooms kept at most; past it the room asked about least recently is evicted. Default 10 000. */
  maxRooms?: number;
}

interface UserModeration {
  ban?: ModerationRecord;
  mute?: ModerationRecord;
}

interface RoomModeration {
  loaded: boolean;
  readonly users: Map<string, UserModeration>;
}

const DEFAULT_MAX_ROOMS = 10_000;
const UNRESTRICTED: AdmissionStatus = Object.freeze({ banned: false, muted: false });

/**
 * A process's cache of the bans and mutes of the rooms it serves (gateway, ingest). A room
 * is filled from the moderation KV bucket and kept current by change events, both through
 * `apply`; `markLoaded` then makes it answerable. `apply` is last-writer-wins in call order,
 * so feed it from one ordered source, such as a KV watch that replays the room's keys before
 * its updates. Until a room is loaded, `check` throws and `decide` refuses with UNAVAILABLE:
 * a missing load must not admit a banned user.
 */
export class AdmissionCache {
  // Map order is least recently asked first; `lastAsked` is the key at its end, if any.
  private readonly rooms = new Map<string, RoomModeration>();
  private readonly maxRooms: number;
  private lastAsked: string | undefined;

  constructor(options: AdmissionCacheOptions = {}) {
    this.maxRooms = options.maxRooms ?? DEFAULT_MAX_ROOMS;
    if (!Number.isInteger(this.maxRooms) || this.maxRooms < 1) {
      throw new LivecastError(ErrorCode.Invalid, `maxRooms must be a positive integer; got ${this.maxRooms}`, 'maxRooms');
    }
  }

  /** Number of rooms cached, loaded or not. */
  get size(): number {
    return this.rooms.size;
  }

  /** Whether the room's state is complete, so `check` and `decide` may answer; counts as asking. */
  loaded(roomId: string): boolean {
    return this.touch(roomId)?.loaded === true;
  }

  /** Declares the room's state complete (its KV keys have all been applied). */
  markLoaded(roomId: string): void {
    (this.touch(roomId) ?? this.create(roomId)).loaded = true;
  }

  /** Records a ban or mute of `userId` (`null`: lifted). Creates the room, not loaded, if it is not cached. */
  apply(roomId: string, action: ModerationAction, userId: string, record: ModerationRecord | null): void {
    const room = this.rooms.get(roomId);
    if (record === null) {
      const user = room?.users.get(userId);
      if (room !== undefined && user !== undefined) this.lift(room, userId, user, action);
      return;
    }
    const users = (room ?? this.create(roomId)).users;
    const user = users.get(userId);
    if (user === undefined) users.set(userId, { [action]: record });
    else user[action] = record;
  }

  /** Forgets a room, e.g. when its last local member left; returns whether it was cached. */
  evict(roomId: string): boolean {
    if (roomId === this.lastAsked) this.lastAsked = undefined;
    return this.rooms.delete(roomId);
  }

  /** Whether `userId` is banned / muted in the room at `now`. Throws UNAVAILABLE if the room is not loaded. */
  check(roomId: string, userId: string, now: number): AdmissionStatus {
    const room = this.touch(roomId);
    if (room === undefined || !room.loaded) throw notLoadedError();
    const user = room.users.get(userId);
    if (user === undefined) return UNRESTRICTED;
    const banned = this.inForce(room, userId, user, 'ban', now) !== undefined;
    const muted = this.inForce(room, userId, user, 'mute', now) !== undefined;
    return banned || muted ? { banned, muted } : UNRESTRICTED;
  }

  /** `null` if `userId` may `join` / `send` in the room at `now`, else the error to send back to them. */
  decide(roomId: string, userId: string, intent: AdmissionIntent, now: number): LivecastError | null {
    const room = this.touch(roomId);
    if (room === undefined || !room.loaded) return notLoadedError();
    const user = room.users.get(userId);
    if (user === undefined) return null;
    const ban = this.inForce(room, userId, user, 'ban', now);
    if (ban !== undefined) return bannedError(ban, now);
    if (intent === 'join') return null;
    const mute = this.inForce(room, userId, user, 'mute', now);
    return mute === undefined ? null : mutedError(mute, now);
  }

  /** The record of `action` if in force at `now`; an expired one is dropped on the way. */
  private inForce(
    room: RoomModeration,
    userId: string,
    user: UserModeration,
    action: ModerationAction,
    now: number,
  ): ModerationRecord | undefined {
    const record = user[action];
    if (record === undefined || isInForce(record, now)) return record;
    this.lift(room, userId, user, action);
    return undefined;
  }

  private lift(room: RoomModeration, userId: string, user: UserModeration, action: ModerationAction): void {
    user[action] = undefined;
    if (user.ban === undefined && user.mute === undefined) room.users.delete(userId);
  }

  /** Marks the room as asked about now by moving it to the end of the LRU order. */
  private touch(roomId: string): RoomModeration | undefined {
    const room = this.rooms.get(roomId);
    // Skipping the re-insert for a repeat of the last room keeps bursts in one room cheap.
    if (room !== undefined && roomId !== this.lastAsked) {
      this.rooms.delete(roomId);
      this.rooms.set(roomId, room);
      this.lastAsked = roomId;
    }
    return room;
  }

  private create(roomId: string): RoomModeration {
    const room: RoomModeration = { loaded: false, users: new Map() };
    this.rooms.set(roomId, room);
    this.lastAsked = roomId;
    if (this.rooms.size > this.maxRooms) {
      const oldest = this.rooms.keys().next();
      if (oldest.done !== true) this.rooms.delete(oldest.value);
    }
    return room;
  }
}
