import type { Principal } from '@livecast/contracts';

/** What verifying a token established: who it is, and until when (ms since epoch; Infinity for guests). */
export interface VerifiedToken {
  readonly principal: Principal;
  readonly expiresAt: number;
}

/**
 * Verification results by token string, each until its token expires, so a reconnect or
 * a second device with the same token costs a map lookup instead of a signature check.
 * Bounded: past `maxEntries` the oldest entry is dropped. A key removed from a key source
 * after the fact does not evict tokens already verified with it (they expire as issued).
 */
export class VerifiedCache {
  private readonly entries = new Map<string, VerifiedToken>();

  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** The result for `token` if it is cached and not expired at `now`. */
  get(token: string, now: number): VerifiedToken | undefined {
    const entry = this.entries.get(token);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > now) return entry;
    this.entries.delete(token);
    return undefined;
  }

  set(token: string, verified: VerifiedToken): void {
    if (this.maxEntries === 0) return;
    this.entries.delete(token);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(token, verified);
  }
}
