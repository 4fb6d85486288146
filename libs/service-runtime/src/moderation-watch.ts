import { AdmissionCache, type AdmissionIntent } from '@livecast/admission';
import type { LivecastError, ModerationRecord, Names } from '@livecast/contracts';
import type { TypedBucket } from '@livecast/nats';
import { counter } from './metrics';

const rewatches = counter('kv_watch_recreations_total', 'moderation watches opened again after they ended by themselves (a failover)');

/**
 * Keeps the bans and mutes of the rooms a process is busy with current: the first
 * question about a room opens a KV watch on its keys (current values, then changes, in
 * order) and the room's answers come from memory after that. The least recently used
 * room's watch is stopped beyond `maxRooms`.
 */
export class ModerationWatch {
  private readonly cache: AdmissionCache;
  private readonly watches = new Map<string, Promise<() => void>>();

  constructor(
    private readonly bucket: TypedBucket<ModerationRecord>,
    private readonly names: Names,
    private readonly maxRooms = 10_000,
  ) {
    // The cache holds more rooms than we watch, so it never evicts a watched room first.
    this.cache = new AdmissionCache({ maxRooms: maxRooms * 2 });
  }

  /** Resolves once the room's moderation state is in memory. */
  async ensure(roomId: string): Promise<void> {
    const existing = this.watches.get(roomId);
    if (existing) {
      this.watches.delete(roomId);
      this.watches.set(roomId, existing);
      await existing;
      return;
    }
    const started = this.start(roomId);
    this.watches.set(roomId, started);
    started.catch(() => this.watches.delete(roomId));
    if (this.watches.size > this.maxRooms) this.stopOldest();
    await started;
  }

  /** Null when the user may do `intent` in the room now; else the typed error (BANNED, MUTED). */
  decide(roomId: string, userId: string, intent: AdmissionIntent, now = Date.now()): LivecastError | null {
    return this.cache.decide(roomId, userId, intent, now);
  }

  private start(roomId: string): Promise<() => void> {
    return new Promise((resolve, reject) => {
      let stop: (() => void) | undefined;
      let initialized = false;
      const onInitialized = () => {
        initialized = true;
        this.cache.markLoaded(roomId);
        if (stop) resolve(stop);
      };
      this.bucket
        .watch(
          this.names.moderationOfRoom(roomId),
          (change) => {
            const key = this.names.parseModerationKey(change.key);
            if (key) this.cache.apply(key.roomId, key.action, key.userId, change.value);
          },
          onInitialized,
          () => rewatches.inc(),
        )
        .then((stopWatch) => {
          stop = stopWatch;
          if (initialized) resolve(stopWatch);
        }, reject);
    });
  }

  private stopOldest(): void {
    const oldest = this.watches.keys().next().value;
    if (oldest !== undefined) this.stop(oldest);
  }

  private stop(roomId: string): void {
    const watch = this.watches.get(roomId);
    this.watches.delete(roomId);
    this.cache.evict(roomId);
    void watch?.then((stop) => stop(), () => undefined);
  }
}
