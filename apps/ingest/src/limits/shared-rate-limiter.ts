import { gcraDecide, type GcraDecision, type RateLimit } from '@livecast/limits';
import { isRevisionConflict, type TypedBucket } from '@livecast/nats';

/** The compare-and-set slice of the rate-limit bucket the limiter uses. */
export type RateLimitStore = Pick<TypedBucket<number>, 'entry' | 'create' | 'update'>;

const MAX_ATTEMPTS = 6;

/** What to do when a key stays contended by other replicas for every attempt. */
export type OnContention = 'allow' | 'refuse';

export interface SharedDecision extends GcraDecision {
  /** True when the limit could not be written in time and `onContention` decided. */
  contended: boolean;
}

interface KnownState {
  tat: number;
  revision: number;
}

interface Pending {
  limit: RateLimit;
  onContention: OnContention;
  resolve(decision: SharedDecision): void;
  reject(err: unknown): void;
}

/**
 * A GCRA limit shared by every ingest replica: the whole state of a key is its
 * theoretical arrival time, kept in a KV bucket and advanced by compare-and-set, so two
 * replicas never both spend the same token. Inside a replica, requests for one key that
 * arrive while a write is in flight are decided together and settled with one write, so
 * a hot room costs one KV round trip per batch, not per message. The revision last
 * written is remembered: an uncontended batch costs one KV write and no read.
 */
export class SharedRateLimiter {
  private readonly known = new Map<string, KnownState>();
  private readonly waiting = new Map<string, Pending[]>();
  private readonly busy = new Set<string>();

  constructor(
    private readonly store: RateLimitStore,
    private readonly maxKnownKeys = 100_000,
  ) {}

  take(key: string, limit: RateLimit, onContention: OnContention): Promise<SharedDecision> {
    return new Promise((resolve, reject) => {
      const queue = this.waiting.get(key);
      if (queue) queue.push({ limit, onContention, resolve, reject });
      else this.waiting.set(key, [{ limit, onContention, resolve, reject }]);
      if (!this.busy.has(key)) void this.drain(key);
    });
  }

  private async drain(key: string): Promise<void> {
    this.busy.add(key);
    try {
      for (let batch = this.waiting.get(key); batch; batch = this.waiting.get(key)) {
        this.waiting.delete(key);
        await this.settle(key, batch).catch((err: unknown) => batch.forEach((p) => p.reject(err)));
      }
    } finally {
      this.busy.delete(key);
    }
  }

  /** Decides a batch in arrival order against the current TAT and writes the result once. */
  private async settle(key: string, batch: Pending[]): Promise<void> {
    let state = this.known.get(key) ?? (await this.read(key));
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const now = Date.now();
      let tat = state?.tat;
      const decisions = batch.map((p) => {
        const decision = gcraDecide(tat, now, p.limit);
        if (decision.allowed) tat = decision.newTat;
        return { ...decision, contended: false };
      });
      if (tat === state?.tat) return batch.forEach((p, i) => p.resolve(decisions[i]));
      try {
        const next = tat as number;
        const revision = state ? await this.store.update(key, next, state.revision) : await this.store.create(key, next);
        this.remember(key, { tat: next, revision });
        return batch.forEach((p, i) => p.resolve(decisions[i]));
      } catch (err) {
        if (!isRevisionConflict(err)) throw err;
        state = await this.read(key);
      }
    }
    const now = Date.now();
    batch.forEach((p) => {
      const allowed = p.onContention === 'allow';
      p.resolve({ allowed, newTat: now, retryAfterMs: allowed ? 0 : 1000, remaining: 0, contended: true });
    });
  }

  private async read(key: string): Promise<KnownState | undefined> {
    const entry = await this.store.entry(key);
    if (!entry) {
      this.known.delete(key);
      return undefined;
    }
    // A deleted or corrupt key is rewritten from scratch at its current revision.
    const state = { tat: entry.value ?? 0, revision: entry.revision };
    this.remember(key, state);
    return state;
  }

  private remember(key: string, state: KnownState): void {
    this.known.delete(key);
    if (this.known.size >= this.maxKnownKeys) this.known.delete(this.known.keys().next().value as string);
    this.known.set(key, state);
  }
}
