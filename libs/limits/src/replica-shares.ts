import { ErrorCode, LivecastError } from '@livecast/contracts';

/**
 * Who shares the budgets, as one replica sees it: every replica announces itself at an
 * interval (through KV), and a replica not heard from within `staleAfterMs` no longer
 * counts, so its share returns to the others. This replica always counts itself.
 * Views may disagree for up to one announcement interval after a replica joins; the
 * bound this puts on over-granting is in ADR 0018.
 */
export class ReplicaShares {
  private readonly heardAt = new Map<string, number>();

  constructor(
    readonly selfId: string,
    private readonly staleAfterMs: number,
  ) {
    if (!(staleAfterMs > 0)) throw new LivecastError(ErrorCode.Invalid, `staleAfterMs must be > 0; got ${staleAfterMs}`, 'staleAfterMs');
  }

  /** A replica announced itself at `at` (ms since epoch). Later announcements win; older ones are ignored. */
  heard(replicaId: string, at: number): void {
    if (replicaId === this.selfId) return;
    if ((this.heardAt.get(replicaId) ?? -Infinity) < at) this.heardAt.set(replicaId, at);
  }

  /** A replica said goodbye (its announcement was deleted): its share returns at once. */
  left(replicaId: string): void {
    this.heardAt.delete(replicaId);
  }

  /** Other replicas live at `now`, in a stable order (the order borrowers ask them in). Forgets the stale ones. */
  peers(now: number): string[] {
    const live: string[] = [];
    for (const [id, at] of this.heardAt) {
      if (now - at <= this.staleAfterMs) live.push(id);
      else this.heardAt.delete(id);
    }
    return live.sort();
  }

  /** This replica's share of every budget at `now`: 1 / live replicas. */
  share(now: number): number {
    let live = 1;
    for (const at of this.heardAt.values()) if (now - at <= this.staleAfterMs) live++;
    return 1 / live;
  }
}
