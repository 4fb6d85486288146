import { gcraDecide, type GcraDecision, type RateLimit } from '@livecast/limits';
import { isRevisionConflict } from '@livecast/nats';
import type { KV } from 'nats';

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

/**
 * A GCRA limit shared by every ingest replica: the whole state of a key is its
 * theoretical arrival time, kept in a KV bucket and advanced by compare-and-set, so two
 * replicas never both spend the same token. Decisions on one key are serialized inside a
 * replica (so a burst from one user does not contend with itself), and the revision last
 * written is remembered, so an uncontended decision costs one KV write and no read.
 */
export class SharedRateLimiter {
  private readonly known = new Map<string, KnownState>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly kv: KV,
    private readonly maxKnownKeys = 100_000,
  ) {}

  take(key: string, limit: RateLimit, onContention: OnContention, now = Date.now()): Promise<SharedDecision> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const decision = previous.then(
      () => this.decide(key, limit, onContention, now),
      () => this.decide(key, limit, onContention, now),
    );
    this.queues.set(key, decision);
    void decision.finally(() => {
      if (this.queues.get(key) === decision) this.queues.delete(key);
    }).catch(() => undefined);
    return decision;
  }

  private async decide(key: string, limit: RateLimit, onContention: OnContention, requestedAt: number): Promise<SharedDecision> {
    // Time moves on while queued behind earlier decisions on the key.
    const now = Math.max(requestedAt, Date.now());
    let state = this.known.get(key) ?? (await this.read(key));
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const decision = gcraDecide(state?.tat, now, limit);
      if (!decision.allowed) return { ...decision, contended: false };
      try {
        const data = new TextEncoder().encode(String(decision.newTat));
        const revision = state ? await this.kv.update(key, data, state.revision) : await this.kv.create(key, data);
        this.remember(key, { tat: decision.newTat, revision });
        return { ...decision, contended: false };
      } catch (err) {
        if (!isRevisionConflict(err)) throw err;
        state = await this.read(key);
      }
    }
    const allowed = onContention === 'allow';
    return { allowed, newTat: now, retryAfterMs: allowed ? 0 : 1000, remaining: 0, contended: true };
  }

  private async read(key: string): Promise<KnownState | undefined> {
    const entry = await this.kv.get(key);
    if (!entry) {
      this.known.delete(key);
      return undefined;
    }
    const tat = entry.operation === 'PUT' ? Number(entry.string()) : Number.NaN;
    // A deleted or corrupt key is rewritten from scratch at its current revision.
    const state = { tat: Number.isFinite(tat) ? tat : 0, revision: entry.revision };
    this.remember(key, state);
    return state;
  }

  private remember(key: string, state: KnownState): void {
    this.known.delete(key);
    if (this.known.size >= this.maxKnownKeys) this.known.delete(this.known.keys().next().value as string);
    this.known.set(key, state);
  }
}
