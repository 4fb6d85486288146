import { ErrorCode, LivecastError, type ChatMessage } from '@livecast/contracts';
import type { Redis } from 'ioredis';

/** Keys and limits of the peer's Redis state. */
export interface PeerStoreOptions {
  prefix: string;
  historyPerRoom: number;
  /** Messages one user may send per `userWindowSec` (a fixed window, as such code usually has it). */
  userLimit: number;
  userWindowSec: number;
  dedupWindowSec: number;
}

/**
 * Room state of the peer, all in Redis as a Node team would keep it: a hash per room,
 * online counters, a per-room sequence counter, a capped history list, fixed-window rate
 * limits and SET NX de-duplication.
 */
export class PeerStore {
  constructor(
    private readonly redis: Redis,
    private readonly options: PeerStoreOptions,
  ) {}

  private key(...parts: string[]): string {
    return [this.options.prefix, ...parts].join(':');
  }

  /** Creates a room; false when it exists. */
  async open(roomId: string, title: string, hostId: string): Promise<boolean> {
    const key = this.key('room', roomId);
    const created = (await this.redis.hsetnx(key, 'title', title)) === 1;
    if (created) await this.redis.hset(key, 'hostId', hostId);
    return created;
  }

  async room(roomId: string): Promise<{ title: string } | null> {
    const title = await this.redis.hget(this.key('room', roomId), 'title');
    return title === null ? null : { title };
  }

  async online(roomId: string): Promise<number> {
    return Number((await this.redis.get(this.key('online', roomId))) ?? 0);
  }

  changeOnline(roomId: string, by: 1 | -1): Promise<number> {
    return by === 1 ? this.redis.incr(this.key('online', roomId)) : this.redis.decr(this.key('online', roomId));
  }

  /** The newest messages after `sinceSeq`, oldest first, and the room's last seq. */
  async history(roomId: string, limit: number, sinceSeq = 0): Promise<{ messages: ChatMessage[]; lastSeq: number }> {
    const [raw, last] = await Promise.all([this.redis.lrange(this.key('history', roomId), 0, limit - 1), this.redis.get(this.key('seq', roomId))]);
    const messages = raw.map((m) => JSON.parse(m) as ChatMessage).filter((m) => m.seq > sinceSeq);
    return { messages: messages.reverse(), lastSeq: Number(last ?? 0) };
  }

  /** Throws RATE_LIMITED when the user spent this window's messages. */
  async spend(userId: string): Promise<void> {
    const window = Math.floor(Date.now() / 1000 / this.options.userWindowSec);
    const key = this.key('rate', userId, String(window));
    const [[, used]] = (await this.redis.multi().incr(key).expire(key, this.options.userWindowSec).exec()) as [[null, number]];
    if (used > this.options.userLimit) throw new LivecastError(ErrorCode.RateLimited, 'too many messages');
  }

  /** Stores the message under a new seq; a repeated clientMsgId gets the first seq back. */
  async append(message: Omit<ChatMessage, 'seq'>): Promise<{ message: ChatMessage; duplicate: boolean }> {
    const dedupKey = this.key('dedup', message.roomId, message.from.id, message.clientMsgId);
    const seen = await this.redis.get(dedupKey);
    if (seen !== null) return { message: { ...message, seq: Number(seen) }, duplicate: true };
    const seq = await this.redis.incr(this.key('seq', message.roomId));
    const stored: ChatMessage = { ...message, seq };
    const history = this.key('history', message.roomId);
    await this.redis
      .multi()
      .set(dedupKey, String(seq), 'EX', this.options.dedupWindowSec)
      .lpush(history, JSON.stringify(stored))
      .ltrim(history, 0, this.options.historyPerRoom - 1)
      .exec();
    return { message: stored, duplicate: false };
  }
}
