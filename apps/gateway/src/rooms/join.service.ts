import { ErrorCode, LivecastError, type RoomJoinRequest, type RoomJoinResult } from '@livecast/contracts';
import { MessageStream, type HistorySlice } from '@livecast/nats';
import { SharedFlight } from '@livecast/resilience';
import { ModerationWatch, RoomDirectory, counter, latencyHistogram } from '@livecast/service-runtime';
import { Inject, Injectable } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import type { Connection } from '../connections/connection';
import type { LocalRoom } from './local-room';
import { RoomHub } from './room-hub.service';

const joinLatency = latencyHistogram('gateway_join_seconds', 'room:join handling time', ['path'] as const);
const historyReads = counter('history_reads_total', 'history reads from the stream', ['kind'] as const);

/** Joins and leaves: admission (room open, not banned), the local table, and the join snapshot. */
@Injectable()
export class JoinService {
  /** Catch-ups being read, by room and sinceSeq: the viewers a missed frame reached all ask for the same one. */
  private readonly catchUps = new SharedFlight<HistorySlice>();

  constructor(
    private readonly hub: RoomHub,
    private readonly directory: RoomDirectory,
    private readonly moderation: ModerationWatch,
    private readonly stream: MessageStream,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async join(connection: Connection, request: RoomJoinRequest): Promise<RoomJoinResult> {
    const started = performance.now();
    const { roomId } = request;
    const room = await this.directory.get(roomId);
    if (!room) throw new LivecastError(ErrorCode.RoomNotFound, `room ${roomId} does not exist`, 'roomId');
    if (room.status !== 'open') throw new LivecastError(ErrorCode.RoomClosed, `room ${roomId} is closed`, 'roomId');
    await this.moderation.ensure(roomId);
    const refusal = this.moderation.decide(roomId, connection.principal.id, 'join');
    if (refusal) throw refusal;

    const local = this.hub.join(connection.id, roomId);
    const slice = request.sinceSeq === undefined ? await this.recent(local) : await this.since(roomId, request.sinceSeq);
    joinLatency.observe({ path: request.sinceSeq === undefined ? 'recent' : 'resume' }, (performance.now() - started) / 1000);
    return {
      room: { id: room.id, title: room.title, online: Math.max(local.online, this.hub.presence.count(roomId)) },
      history: slice.messages,
      truncated: slice.truncated,
      lastSeq: Math.max(slice.lastSeq, local.lastSeq),
    };
  }

  leave(connection: Connection, roomId: string): void {
    this.hub.leave(connection.id, roomId);
  }

  /** Everything after `sinceSeq` (a resume, or a viewer filling a missed frame), bounded by RESUME_LIMIT; one read per room and seq at a time. */
  private since(roomId: string, sinceSeq: number): Promise<HistorySlice> {
    return this.catchUps.run(`${roomId}:${sinceSeq}`, () => {
      historyReads.inc({ kind: 'since' });
      return this.stream.since(roomId, sinceSeq, this.config.RESUME_LIMIT).catch((err: unknown) => {
        throw historyUnavailable(err);
      });
    });
  }

  /** Recent history from the room's ring; the first join on this gateway seeds it from the stream once. */
  private async recent(local: LocalRoom): Promise<HistorySlice> {
    if (!local.seeding) historyReads.inc({ kind: 'recent' });
    local.seeding ??= this.stream.recent(local.roomId, this.config.HISTORY_ON_JOIN).then(
      (slice) => {
        local.remember(slice.messages);
        local.lastSeq = Math.max(local.lastSeq, slice.lastSeq);
      },
      (err: unknown) => {
        local.seeding = undefined;
        throw historyUnavailable(err);
      },
    );
    await local.seeding;
    return { messages: local.recent.latest(this.config.HISTORY_ON_JOIN), truncated: false, lastSeq: local.lastSeq };
  }
}

/** A history read the stream did not serve (no leader, a paused node): the client retries the join. */
function historyUnavailable(err: unknown): LivecastError {
  return new LivecastError(ErrorCode.Unavailable, 'room history is unavailable: retry', undefined, { cause: err });
}
