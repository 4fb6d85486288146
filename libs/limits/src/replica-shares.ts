import { ErrorCode, LivecastError } from '@livecast/contracts';

/**
 * Who shares the budgets, as one replica sees it: every replica announces itself at an
 * interval (through KV), and a replica not heard from within `staleAfterMs` no longer
 * counts, so its share returns to the others. This replica always counts itself. A
 * replica that left a request unanswered (cut off from the bus, paused) counts out until
 * its next announcement arrives: it cannot grant anything meanwhile either.
 * Views may disagree for up to one announcement interval after a replica joins; the
 * bound this puts on over-granting is in ADR 0018.
 */
export class ReplicaShares {
  private readonly heardAt = new Map<string, number>();
  /** Replicas that left a request unanswered since their last announcement. */
  private readonly unanswering = new Set<string>();

  constructor(
    readonly selfId: string,
    private readonly staleAfterMs: number,
  ) {
    if (!(staleAfterMs > 0)) throw new LivecastError(ErrorCode.Invalid, `staleAfterMs must be > 0; got ${staleAfterMs}`, 'staleAfterMs');
  }

  /** A replica announced itself at `at` (ms since epoch). Later announcements win; older ones are ignored. */
  heard(replicaId: string, at: number): void {
    if (replicaId === this.selfId) return;
    if ((this.heardAt.get(replicaId) ?? -Infinity) >= at) return;
    this.heardAt.set(replicaId, at);
    this.unanswering.delete(replicaId);
  }

  /** A replica said goodbye (its announcement was deleted): its share returns at once. */
  left(replicaId: string): void {
    this.heardAt.delete(replicaId);
    this.unanswering.delete(replicaId);
  }

  /** A replica did not answer a request in time: it counts out until it announces itself again. */
  unanswered(replicaId: string): void {
    if (this.heardAt.has(replicaId)) this.unanswering.add(replicaId);
  }

  /** Other replicas live at `now`, in a stable order (the order borrowers ask them in). Forgets the stale ones. */
  peers(now: number): string[] {
    const live: string[] = [];
    for (const [id, at] of this.heardAt) {
      if (now - at > this.staleAfterMs) this.left(id);
      else if (this.counts(id, at, now)) live.push(id);
    }
    return live.sort();
  }

  /** This replica's share of every budget at `now`: 1 / live replicas. */
  share(now: number): number {
    let live = 1;
    for (const [id, at] of this.heardAt) if (this.counts(id, at, now)) live++;
    return 1 / live;
  }

  /** Whether a replica last heard at `at` shares the budgets at `now`: not stale, and not left a request unanswered since. */
  private counts(id: string, at: number, now: number): boolean {
    return now - at <= this.staleAfterMs && !this.unanswering.has(id);
  }
}
