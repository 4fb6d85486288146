import type { RoomRecord } from '@livecast/contracts';
import type { TypedBucket } from '@livecast/nats';

interface Cached {
  room: RoomRecord | null;
  expiresAt: number;
}

/**
 * Read-through cache of the rooms bucket. Entries live `ttlMs`; a room closed through
 * the control subject is invalidated at once, so the TTL only bounds how long another
 * process's edit can go unseen. Concurrent misses for one room share one KV read.
 */
export class RoomDirectory {
  private readonly cache = new Map<string, Cached>();
  private readonly inFlight = new Map<string, Promise<RoomRecord | null>>();

  constructor(
    private readonly bucket: TypedBucket<RoomRecord>,
    private readonly ttlMs = 2000,
    private readonly maxEntries = 100_000,
  ) {}

  async get(roomId: string, now = Date.now()): Promise<RoomRecord | null> {
    const hit = this.cache.get(roomId);
    if (hit && hit.expiresAt > now) return hit.room;
    const pending = this.inFlight.get(roomId);
    if (pending) return pending;
    const read = this.read(roomId, now).finally(() => this.inFlight.delete(roomId));
    this.inFlight.set(roomId, read);
    return read;
  }

  invalidate(roomId: string): void {
    this.cache.delete(roomId);
  }

  private async read(roomId: string, now: number): Promise<RoomRecord | null> {
    const entry = await this.bucket.get(roomId);
    const room = entry?.value ?? null;
    if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(roomId, { room, expiresAt: now + this.ttlMs });
    return room;
  }
}
