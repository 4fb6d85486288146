import { LivecastError, type Validator } from '@livecast/contracts';
import { Supervisor, type Run } from '@livecast/resilience';
import type { KV, KvEntry } from 'nats';
import { decodeJson, encodeJson } from './codec';

/** A value read from a bucket with the revision to compare-and-set against. */
export interface Versioned<T> {
  value: T;
  revision: number;
}

/** A change seen by a watch: the new value, or null when the key was deleted. */
export interface BucketChange<T> {
  key: string;
  value: T | null;
  revision: number;
}

/** Re-opening a watch that ended: 250 ms doubling to 5 s. */
const WATCH_BACKOFF = { initialMs: 250, maxMs: 5000, jitter: 0.3 };

/**
 * A KV bucket whose values are checked against one contracts schema on every read:
 * a corrupt or foreign value is reported as absent and logged by the caller, never
 * returned typed.
 */
export class TypedBucket<T> {
  constructor(
    private readonly kv: KV,
    private readonly validator: Validator<T>,
    private readonly onInvalid: (key: string, reason: string) => void = () => undefined,
  ) {}

  async get(key: string): Promise<Versioned<T> | null> {
    const entry = await this.entry(key);
    return entry?.value == null ? null : { value: entry.value, revision: entry.revision };
  }

  /**
   * The key's last entry with its revision, for compare-and-set: `value` is null when the
   * key was deleted or holds a value that breaks the contract; null when it never existed.
   */
  async entry(key: string): Promise<{ value: T | null; revision: number } | null> {
    const entry = await this.kv.get(key);
    if (!entry) return null;
    return { value: entry.operation === 'PUT' ? this.decode(entry) : null, revision: entry.revision };
  }

  /** Creates the key; throws when it exists (the KV's own error, `wrong last sequence`). */
  create(key: string, value: T): Promise<number> {
    return this.kv.create(key, encodeJson(value));
  }

  /** Writes only if the key is still at `revision`. */
  update(key: string, value: T, revision: number): Promise<number> {
    return this.kv.update(key, encodeJson(value), revision);
  }

  put(key: string, value: T): Promise<number> {
    return this.kv.put(key, encodeJson(value));
  }

  delete(key: string): Promise<void> {
    return this.kv.delete(key);
  }

  /**
   * Streams changes of keys matching `filter`, starting with their current values.
   * `initialized` fires once the current values have been delivered. A watch that ends
   * by itself (its consumer lost in a failover and not re-created by the client) is
   * opened again with backoff, replaying the current values: applying a value twice is
   * harmless, missing a change is not.
   */
  async watch(filter: string, onChange: (change: BucketChange<T>) => void, initialized?: () => void, onRewatch?: (reason: unknown) => void): Promise<() => void> {
    let first = true;
    const supervisor = new Supervisor({
      start: async () => {
        const run = await this.openWatch(filter, onChange, first ? initialized : undefined);
        first = false;
        return run;
      },
      backoff: WATCH_BACKOFF,
      healthyAfterMs: 30_000,
      onEnded: (reason) => onRewatch?.(reason),
    });
    await supervisor.start();
    return () => void supervisor.stop();
  }

  private async openWatch(filter: string, onChange: (change: BucketChange<T>) => void, initialized?: () => void): Promise<Run> {
    const iterator = await this.kv.watch({ key: filter, initializedFn: initialized });
    const ended = (async () => {
      for await (const entry of iterator) {
        const value = entry.operation === 'PUT' ? this.decode(entry) : null;
        onChange({ key: entry.key, value, revision: entry.revision });
      }
      return 'watch ended';
    })();
    return {
      ended,
      stop: async () => iterator.stop(),
    };
  }

  private decode(entry: KvEntry): T | null {
    try {
      return this.validator.parse(decodeJson(entry.value));
    } catch (err) {
      this.onInvalid(entry.key, err instanceof LivecastError ? err.message : String(err));
      return null;
    }
  }
}

/** True for the KV's "key exists / revision moved" failures of create and update. */
export function isRevisionConflict(err: unknown): boolean {
  const e = err as { api_error?: { err_code?: number }; message?: string };
  return e?.api_error?.err_code === 10071 || /wrong last sequence/i.test(e?.message ?? '');
}
