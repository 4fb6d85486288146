import { gcraDecide, type GcraDecision, type RateLimit } from '@livecast/limits';
import { isRevisionConflict } from '@livecast/nats';
import type { KV } from 'nats';

const MAX_ATTEMPTS = 4;

export interface SharedDecision extends GcraDecision {
  /** True when the limit could not be read or written in time and the event was let through. */
  failedOpen: boolean;
}

/**
 * A GCRA limit shared by every ingest replica: the whole state of a key is its
 * theoretical arrival time, kept in a KV bucket and advanced by compare-and-set, so two
 * replicas never both spend the same token. The last seen revision is remembered, so an
 * uncontended decision costs one KV write and no read.
 */
export class SharedRateLimiter {
  private readonly known = new Map<string, { tat: number; revision: number }>();

  constructor(
    private readonly kv: KV,
    private readonly maxKnownKeys = 100_000,
  ) {}

  async take(key: string, limit: RateLimit, now = Date.now()): Promise<SharedDecision> {
    let state = this.known.get(key) ?? (await this.read(key));
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const decision = gcraDecide(state?.tat, now, limit);
      if (!decision.allowed) return { ...decision, failedOpen: false };
      try {
        const data = new TextEncoder().encode(String(decision.newTat));
        const revision = state ? await this.kv.update(key, data, state.revision) : await this.kv.create(key, data);
        this.remember(key, { tat: decision.newTat, revision });
        return { ...decision, failedOpen: false };
      } catch (err) {
        if (!isRevisionConflict(err)) throw err;
        state = await this.read(key);
      }
    }
    // Sustained contention on one key: let the event through rather than fail a user.
    return { allowed: true, newTat: now, retryAfterMs: 0, remaining: 0, failedOpen: true };
  }

  private async read(key: string): Promise<{ tat: number; revision: number } | undefined> {
    const entry = await this.kv.get(key);
    if (!entry) return undefined;
    const tat = entry.operation === 'PUT' ? Number(entry.string()) : Number.NaN;
    // A deleted or corrupt key is rewritten from scratch at its current revision.
    const state = { tat: Number.isFinite(tat) ? tat : 0, revision: entry.revision };
    this.remember(key, state);
    return state;
  }

  private remember(key: string, state: { tat: number; revision: number }): void {
    this.known.delete(key);
    if (this.known.size >= this.maxKnownKeys) this.known.delete(this.known.keys().next().value as string);
    this.known.set(key, state);
  }
}
