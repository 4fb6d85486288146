import type { RoomRecord } from '@livecast/contracts';
import type { TypedBucket } from '@livecast/nats';
import { counter } from './metrics';

interface Cached {
  room: RoomRecord | null;
  expiresAt: number;
}

const staleServes = counter('room_directory_stale_total', 'room reads answered from an expired entry because the rooms bucket was slow or failing');

/** How long a caller with an expired entry waits for the re-read before it gets that entry. */
const REVALIDATE_WAIT_MS = 250;
/** An entry expired longer ago than this is never served: the caller waits for the bucket. */
const MAX_STALE_MS = 30_000;

/**
 * Read-through cache of the rooms bucket. Entries live `ttlMs`; a room closed through
 * the control subject is invalidated at once, so the TTL only bounds how long another
 * process's edit can go unseen. Concurrent misses for one room share one KV read.
 *
 * While the bucket elects a leader (4–9 s on a NATS cluster), a re-read hangs until the
 * JetStream timeout: an expired entry is then served stale (for at most `maxStaleMs`
 * past its expiry) once the re-read has taken `revalidateWaitMs` or failed, so sends and
 * joins of known rooms go on through the election. The re-read still lands in the cache.
 */
export class RoomDirectory {
  private readonly cache = new Map<string, Cached>();
  private readonly inFlight = new Map<string, Promise<RoomRecord | null>>();

  constructor(
    private readonly bucket: Pick<TypedBucket<RoomRecord>, 'get'>,
    private readonly ttlMs = 2000,
    private readonly maxEntries = 100_000,
    private readonly revalidateWaitMs = REVALIDATE_WAIT_MS,
    private readonly maxStaleMs = MAX_STALE_MS,
  ) {}

  async get(roomId: string, now = Date.now()): Promise<RoomRecord | null> {
    const hit = this.cache.get(roomId);
    if (hit && hit.expiresAt > now) return hit.room;
    let read = this.inFlight.get(roomId);
    if (!read) {
      read = this.read(roomId, now).finally(() => this.inFlight.delete(roomId));
      this.inFlight.set(roomId, read);
    }
    if (!hit || now - hit.expiresAt > this.maxStaleMs) return read;
    return this.staleIfSlow(read, hit.room);
  }

  invalidate(roomId: string): void {
    this.cache.delete(roomId);
  }

  private staleIfSlow(read: Promise<RoomRecord | null>, stale: RoomRecord | null): Promise<RoomRecord | null> {
    return new Promise((resolve) => {
      let settled = false;
      const settle = (room: RoomRecord | null, wasStale: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (wasStale) staleServes.inc();
        resolve(room);
      };
      const timer = setTimeout(() => settle(stale, true), this.revalidateWaitMs);
      read.then(
        (room) => settle(room, false),
        () => settle(stale, true),
      );
    });
  }

  private async read(roomId: string, now: number): Promise<RoomRecord | null> {
    const entry = await this.bucket.get(roomId);
    const room = entry?.value ?? null;
    if (!this.cache.has(roomId) && this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(roomId, { room, expiresAt: now + this.ttlMs });
    return room;
  }
}
