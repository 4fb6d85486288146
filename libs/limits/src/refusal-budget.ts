/** A connection's refused events in its current window; kept on the connection, no map. */
export interface RefusalWindow {
  count: number;
  /** Start of the window, ms since epoch. */
  since: number;
}

/** A fresh window, for a new connection. */
export function newRefusalWindow(): RefusalWindow {
  return { count: 0, since: 0 };
}

/**
 * How many refusals a client gets before it is closed instead of answered: a client that
 * backs off after RATE_LIMITED never comes near `max` within `windowMs`; one that keeps
 * flooding does, and answering it would cost more than closing it.
 */
export class RefusalBudget {
  constructor(
    private readonly max: number,
    readonly windowMs: number,
  ) {}

  /** Counts one refusal at `now`; true when it is the `max`-th within the window. */
  exhausted(window: RefusalWindow, now: number): boolean {
    if (now - window.since >= this.windowMs) {
      window.since = now;
      window.count = 0;
    }
    window.count++;
    return window.count >= this.max;
  }
}
