import { ErrorCode, LivecastError, Names, type ModerationBody, type ModerationRecord, type Principal } from '@livecast/contracts';
import { Bus } from '@livecast/nats';
import { MODERATION_BUCKET, type ModerationBucket } from '@livecast/service-runtime';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { RoomsService } from '../rooms/rooms.service';

export type ModerationAction = 'ban' | 'mute';

/**
 * Bans, mutes and kicks. Bans and mutes persist in KV (gateways and ingest watch it);
 * the control subject tells gateways at once so a banned or kicked viewer is removed
 * everywhere within a second.
 */
@Injectable()
export class ModerationService {
  private readonly logger = new Logger('Moderation');

  constructor(
    @Inject(MODERATION_BUCKET) private readonly moderation: ModerationBucket,
    private readonly rooms: RoomsService,
    private readonly bus: Bus,
    private readonly names: Names,
  ) {}

  async impose(roomId: string, action: ModerationAction, body: ModerationBody, caller: Principal): Promise<ModerationRecord> {
    await this.authorize(roomId, caller, body.userId);
    const now = Date.now();
    const record: ModerationRecord = { by: caller.id, at: now, reason: body.reason };
    if (body.durationSec !== undefined) record.until = now + body.durationSec * 1000;
    await this.moderation.put(this.names.moderationKey(roomId, action, body.userId), record);
    const controlAction = action === 'ban' ? 'banned' : 'muted';
    this.bus.publish(this.names.control(roomId), { roomId, action: controlAction, userId: body.userId, reason: body.reason });
    this.logger.log(`${action} ${body.userId} in ${roomId} by ${caller.id}`);
    return record;
  }

  async lift(roomId: string, action: ModerationAction, userId: string, caller: Principal): Promise<void> {
    await this.authorize(roomId, caller, userId);
    await this.moderation.delete(this.names.moderationKey(roomId, action, userId));
    if (action === 'mute') this.bus.publish(this.names.control(roomId), { roomId, action: 'unmuted', userId });
    this.logger.log(`un${action} ${userId} in ${roomId} by ${caller.id}`);
  }

  /** Removes the user's connections from the room on every gateway; they may join again. */
  async kick(roomId: string, body: ModerationBody, caller: Principal): Promise<void> {
    await this.authorize(roomId, caller, body.userId);
    this.bus.publish(this.names.control(roomId), { roomId, action: 'kicked', userId: body.userId, reason: body.reason });
    this.logger.log(`kick ${body.userId} from ${roomId} by ${caller.id}`);
  }

  private async authorize(roomId: string, caller: Principal, target: string): Promise<void> {
    const room = await this.rooms.require(roomId);
    this.rooms.authorizeModeration(room.value, caller);
    if (target === room.value.hostId) throw new LivecastError(ErrorCode.Forbidden, 'the room host cannot be moderated');
  }
}
