import { createInbox, type Msg, type NatsConnection } from 'nats';

/** What a ReplyInbox's owner does with a reply to a waiting entry, and with each entry at a sweep. */
export interface ReplyHandlers<W> {
  reply(msg: Msg, waiting: W, token: number): void;
  sweep(now: number, waiting: W, token: number): void;
}

/**
 * One inbox subscription for many requests in flight: each gets a token (its reply
 * subject is `<inbox>.<token>`), replies are matched back by token, and one timer sweeps
 * the entries while any are waiting (for deadlines, resends). No per-request
 * subscription or timer.
 */
export class ReplyInbox<W> {
  private readonly inbox: string;
  private readonly waiting = new Map<number, W>();
  private next = 0;
  private sweepTimer?: NodeJS.Timeout;

  constructor(
    nc: NatsConnection,
    /** Prefix of this identity's reply subjects (the only inboxes it may subscribe to). */
    inboxPrefix: string,
    private readonly handlers: ReplyHandlers<W>,
    private readonly sweepMs: number,
  ) {
    this.inbox = createInbox(inboxPrefix);
    nc.subscribe(`${this.inbox}.*`, { callback: (err, msg) => (err ? undefined : this.route(msg)) });
  }

  /** Entries waiting. */
  get size(): number {
    return this.waiting.size;
  }

  /** Registers an entry; returns its token and the reply subject to send with. */
  add(waiting: W): { token: number; reply: string } {
    const token = this.next++;
    this.waiting.set(token, waiting);
    this.sweepTimer ??= setInterval(() => this.sweep(), this.sweepMs);
    return { token, reply: `${this.inbox}.${token}` };
  }

  delete(token: number): void {
    this.waiting.delete(token);
  }

  private route(msg: Msg): void {
    const token = Number(msg.subject.slice(this.inbox.length + 1));
    const waiting = this.waiting.get(token);
    if (waiting !== undefined) this.handlers.reply(msg, waiting, token);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [token, waiting] of this.waiting) this.handlers.sweep(now, waiting, token);
    if (this.waiting.size === 0) {
      clearInterval(this.sweepTimer);
      this.sweepTimer = undefined;
    }
  }
}
