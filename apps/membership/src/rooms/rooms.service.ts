import { isRoomStaff } from '@livecast/admission';
import { ErrorCode, LivecastError, Names, type CreateRoomBody, type Principal, type RoomRecord, type RoomView } from '@livecast/contracts';
import { Bus, isRevisionConflict } from '@livecast/nats';
import { ROOMS_BUCKET, type RoomsBucket } from '@livecast/service-runtime';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { OnlineService } from '../online/online.service';

/** Opens, reads and closes rooms; the rooms KV bucket is the source of truth. */
@Injectable()
export class RoomsService {
  private readonly logger = new Logger('Rooms');

  constructor(
    @Inject(ROOMS_BUCKET) private readonly rooms: RoomsBucket,
    private readonly bus: Bus,
    private readonly names: Names,
    private readonly online: OnlineService,
  ) {}

  /**
   * Opens a room, or re-opens a closed one under a new title. Ownership survives a close:
   * only the room's host or an admin re-opens it, and only an admin names (or changes) the host.
   */
  async open(body: CreateRoomBody, caller: Principal): Promise<RoomView> {
    if (caller.role !== 'host' && caller.role !== 'admin') {
      throw new LivecastError(ErrorCode.Forbidden, 'opening a room needs role host or admin');
    }
    if (body.hostId !== undefined && body.hostId !== caller.id && caller.role !== 'admin') {
      throw new LivecastError(ErrorCode.Forbidden, 'only admins open a room for another host', 'hostId');
    }
    const existing = await this.rooms.get(body.id);
    if (existing && existing.value.status === 'open') throw new LivecastError(ErrorCode.RoomExists, `room ${body.id} is already open`);
    if (existing && caller.role !== 'admin' && existing.value.hostId !== caller.id) {
      throw new LivecastError(ErrorCode.Forbidden, `room ${body.id} belongs to another host`);
    }
    const hostId = body.hostId ?? existing?.value.hostId ?? caller.id;
    const record: RoomRecord = { id: body.id, title: body.title, hostId, status: 'open', createdAt: Date.now() };
    try {
      if (existing) await this.rooms.update(body.id, record, existing.revision);
      else await this.rooms.create(body.id, record);
    } catch (err) {
      if (isRevisionConflict(err)) throw new LivecastError(ErrorCode.RoomExists, `room ${body.id} was opened concurrently`);
      throw err;
    }
    this.logger.log(`room ${body.id} opened by ${caller.id} for host ${hostId}`);
    return { ...record, online: 0 };
  }

  async get(roomId: string): Promise<RoomView> {
    const room = await this.require(roomId);
    return { ...room.value, online: this.online.online(roomId) };
  }

  /** Closes a room: it stays known (history is kept) but takes no joins, and every viewer is removed. */
  async close(roomId: string, caller: Principal): Promise<RoomView> {
    const room = await this.require(roomId);
    this.authorizeModeration(room.value, caller);
    const closed: RoomRecord = { ...room.value, status: 'closed', closedAt: Date.now() };
    if (room.value.status === 'open') await this.rooms.update(roomId, closed, room.revision);
    this.bus.publish(this.names.control(roomId), { roomId, action: 'closed', reason: 'room closed' });
    this.logger.log(`room ${roomId} closed by ${caller.id}`);
    return { ...closed, online: this.online.online(roomId) };
  }

  /** The room's host, moderators and admins may moderate it. */
  authorizeModeration(room: RoomRecord, caller: Principal): void {
    if (isRoomStaff(caller, room)) return;
    throw new LivecastError(ErrorCode.Forbidden, `only the room's host, moderators or admins may do this`);
  }

  async require(roomId: string): Promise<{ value: RoomRecord; revision: number }> {
    const room = await this.rooms.get(roomId);
    if (!room) throw new LivecastError(ErrorCode.RoomNotFound, `room ${roomId} not found`);
    return room;
  }
}
