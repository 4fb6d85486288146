import { ErrorCode, LivecastError, MAX_GATEWAY_CONNECTIONS, MAX_ROOMS_PER_REPORT } from '@livecast/contracts';
import type { PresenceListener } from './types';

/** Limits and listener of a presence table. */
export interface PresenceTableOptions {
  /** Devices one user may have connected to this gateway at once. */
  maxConnectionsPerUser: number;
  /** Rooms one connection may be in at once. */
  maxRoomsPerConnection: number;
  /** Rooms with local members at once (default: what one presence snapshot may carry). */
  maxRooms?: number;
  /** Connections at once (default: the bound of one gateway's per-room count). */
  maxConnections?: number;
  listener?: PresenceListener;
}

/** Outcome of a join: `first` when the connection is the room's first local member. */
export interface JoinResult {
  readonly first: boolean;
}

/** Outcome of a leave: `last` when the connection was the room's last local member. */
export interface LeaveResult {
  readonly last: boolean;
}

/** What removing a connection changed; the sets now belong to the caller. */
export interface RemovedConnection {
  readonly userId: string;
  /** Every room the connection was in. */
  readonly rooms: ReadonlySet<string>;
  /** The subset of `rooms` that has no local member left. */
  readonly emptied: readonly string[];
}

interface Connection {
  readonly userId: string;
  readonly rooms: Set<string>;
}

// Shared frozen results keep join/leave allocation-free on the hot path.
const FIRST: JoinResult = Object.freeze({ first: true });
const NOT_FIRST: JoinResult = Object.freeze({ first: false });
const LAST: LeaveResult = Object.freeze({ last: true });
const NOT_LAST: LeaveResult = Object.freeze({ last: false });
const NONE: ReadonlySet<string> = new Set<string>();

/**
 * The gateway's local presence table: who is connected here and in which rooms, indexed
 * both ways (room → connections, connection → rooms, user → connections) so every
 * operation is O(1) and removing a connection touches only its own rooms.
 *
 * Sets returned by the query methods are live views, not copies: do not mutate them,
 * and expect them to reflect later joins and leaves.
 */
export class PresenceTable {
  private readonly rooms = new Map<string, Set<string>>();
  private readonly connections = new Map<string, Connection>();
  private readonly users = new Map<string, Set<string>>();
  private readonly maxConnectionsPerUser: number;
  private readonly maxRoomsPerConnection: number;
  private readonly maxRooms: number;
  private readonly maxConnections: number;
  private readonly listener: PresenceListener | undefined;

  constructor(options: PresenceTableOptions) {
    this.maxConnectionsPerUser = positiveInteger(options.maxConnectionsPerUser, 'maxConnectionsPerUser');
    this.maxRoomsPerConnection = positiveInteger(options.maxRoomsPerConnection, 'maxRoomsPerConnection');
    this.maxRooms = positiveInteger(options.maxRooms ?? MAX_ROOMS_PER_REPORT, 'maxRooms');
    this.maxConnections = positiveInteger(options.maxConnections ?? MAX_GATEWAY_CONNECTIONS, 'maxConnections');
    this.listener = options.listener;
  }

  /** Registers a connection of `userId`; throws LIMIT_EXCEEDED past `maxConnectionsPerUser`. */
  addConnection(connId: string, userId: string): void {
    if (this.connections.has(connId)) {
      throw new LivecastError(ErrorCode.Invalid, `connection ${connId} is already registered`);
    }
    if (this.connections.size >= this.maxConnections) {
      throw new LivecastError(ErrorCode.Limit, `this gateway holds its most connections (${this.maxConnections}): connect to another one`);
    }
    let devices = this.users.get(userId);
    if (devices !== undefined && devices.size >= this.maxConnectionsPerUser) {
      throw new LivecastError(ErrorCode.Limit, `at most ${this.maxConnectionsPerUser} connections per user`);
    }
    if (devices === undefined) {
      devices = new Set();
      this.users.set(userId, devices);
    }
    devices.add(connId);
    this.connections.set(connId, { userId, rooms: new Set() });
  }

  /** Puts a connection in a room; idempotent; throws LIMIT_EXCEEDED past `maxRoomsPerConnection`. */
  join(connId: string, roomId: string): JoinResult {
    const conn = this.connections.get(connId);
    if (conn === undefined) throw new LivecastError(ErrorCode.Invalid, `unknown connection ${connId}`);
    if (conn.rooms.has(roomId)) return NOT_FIRST;
    if (conn.rooms.size >= this.maxRoomsPerConnection) {
      throw new LivecastError(ErrorCode.Limit, `at most ${this.maxRoomsPerConnection} rooms per connection`);
    }
    let members = this.rooms.get(roomId);
    const first = members === undefined;
    // Every room must fit into one presence snapshot, or membership would drop the whole report.
    if (first && this.rooms.size >= this.maxRooms) {
      throw new LivecastError(ErrorCode.Limit, `this gateway serves its most rooms (${this.maxRooms}): connect to another one`);
    }
    conn.rooms.add(roomId);
    if (members === undefined) {
      members = new Set();
      this.rooms.set(roomId, members);
    }
    members.add(connId);
    if (first) this.listener?.onRoomCreated?.(roomId);
    this.listener?.onCountChanged?.(roomId, 1);
    return first ? FIRST : NOT_FIRST;
  }

  /** Takes a connection out of a room; a no-op for unknown connections or rooms it is not in. */
  leave(connId: string, roomId: string): LeaveResult {
    const conn = this.connections.get(connId);
    if (conn === undefined || !conn.rooms.delete(roomId)) return NOT_LAST;
    return this.detach(connId, roomId) ? LAST : NOT_LAST;
  }

  /** Unregisters a connection and leaves all its rooms; undefined when it was not registered. */
  removeConnection(connId: string): RemovedConnection | undefined {
    const conn = this.connections.get(connId);
    if (conn === undefined) return undefined;
    this.connections.delete(connId);
    const devices = this.users.get(conn.userId);
    if (devices !== undefined) {
      devices.delete(connId);
      if (devices.size === 0) this.users.delete(conn.userId);
    }
    const emptied: string[] = [];
    for (const roomId of conn.rooms) {
      if (this.detach(connId, roomId)) emptied.push(roomId);
    }
    // conn.rooms is no longer referenced by the table, so it is handed over without a copy.
    return { userId: conn.userId, rooms: conn.rooms, emptied };
  }

  /** Connection ids of a room's local members (live view). */
  membersOf(roomId: string): ReadonlySet<string> {
    return this.rooms.get(roomId) ?? NONE;
  }

  /** Connection ids of a user's devices on this gateway (live view). */
  connectionsOfUser(userId: string): ReadonlySet<string> {
    return this.users.get(userId) ?? NONE;
  }

  /** Rooms a connection is in (live view). */
  roomsOf(connId: string): ReadonlySet<string> {
    return this.connections.get(connId)?.rooms ?? NONE;
  }

  /** The user a connection belongs to, if it is registered. */
  userOf(connId: string): string | undefined {
    return this.connections.get(connId)?.userId;
  }

  /** Whether a connection is in a room. */
  isMember(connId: string, roomId: string): boolean {
    return this.connections.get(connId)?.rooms.has(roomId) ?? false;
  }

  /** Number of local members of a room. */
  count(roomId: string): number {
    return this.rooms.get(roomId)?.size ?? 0;
  }

  /** Every room with its local member count, for a presence snapshot. */
  *roomCounts(): IterableIterator<[string, number]> {
    for (const [roomId, members] of this.rooms) yield [roomId, members.size];
  }

  /** Rooms with at least one local member. */
  get roomCount(): number {
    return this.rooms.size;
  }

  /** Registered connections. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** Users with at least one registered connection. */
  get userCount(): number {
    return this.users.size;
  }

  /** Removes the room → connection edge (the caller removed the other one); true if the room emptied. */
  private detach(connId: string, roomId: string): boolean {
    const members = this.rooms.get(roomId);
    if (members === undefined) return false;
    members.delete(connId);
    const last = members.size === 0;
    if (last) this.rooms.delete(roomId);
    this.listener?.onCountChanged?.(roomId, -1);
    if (last) this.listener?.onRoomDeleted?.(roomId);
    return last;
  }
}

function positiveInteger(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new LivecastError(ErrorCode.Invalid, `${field} must be a positive integer`, field);
  }
  return value;
}
