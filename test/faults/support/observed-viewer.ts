import { createLivecastClient, ServerEvent, type FailoverSocket, type LivecastClient, type RoomFrame, type RoomSession } from '@livecast/client-sdk';
import type { DeliveryLedger } from '@livecast/stack-runner';

/** Frames kept per viewer for the fault detail: the whole run at a frame per send. */
const MAX_FRAMES_KEPT = 2000;
/** A frame can reach a viewer this long before its send's ack reaches the sender: what a viewer showed that recently counts in the next fault's ledger too. */
const SHOWN_CARRY_MS = 2000;

/**
 * An SDK client on a list of gateways (its own first), joined to one room, that writes
 * what it shows, receives, resumes and is told it missed into the ledger of the fault
 * that is running.
 */
export class ObservedViewer {
  readonly client: LivecastClient;
  private ledger?: DeliveryLedger;
  /** Everything it showed (the SDK's `messages` events: seqs, when, live or catch-up), the last MAX_FRAMES_KEPT, for the fault detail. */
  readonly shown: { seqs: number[]; at: number; via: 'live' | 'resume' }[] = [];
  /** Sessions that ended by themselves (a failed resume, say), with the reason: the viewer saw nothing more. */
  readonly endings: string[] = [];
  private roomId?: string;
  /** The room's last frames, condensed (arrival, chain, the seqs shown with their clientMsgIds and those listed as replayed, the dropped count), for the fault detail. */
  readonly frames: { at: number; prevSeq?: number; fromSeq: number; toSeq: number; messages: number[]; ids: string[]; replayed?: number[]; dropped: number }[] = [];
  private session?: RoomSession;
  /** A truncated resume: the gap runs from its sinceSeq to just before the first message of its catch-up. */
  private truncatedSince?: number;

  constructor(
    readonly name: string,
    urls: string[],
    token: string,
  ) {
    // Backoff as a production app would keep it, shortened to what a 5 s stall bound allows.
    this.client = createLivecastClient({ url: urls, token, reconnectionDelay: 300, reconnectionDelayMax: 2000, ackTimeoutMs: 4000, sendTries: 5 });
  }

  get room(): RoomSession {
    if (!this.session) throw new Error(`${this.name} has not joined`);
    return this.session;
  }

  /**
   * Writes into `ledger` from now on, and what it showed in the last SHOWN_CARRY_MS too: a
   * message shown just before a fault's window opened, and acked just after, was shown.
   */
  attach(ledger: DeliveryLedger): void {
    this.ledger = ledger;
    const since = Date.now() - SHOWN_CARRY_MS;
    for (const { seqs, at, via } of this.shown) if (at >= since) ledger.shown(this.name, seqs, at, via);
  }

  /** The gateway it is on now. */
  get gateway(): string | undefined {
    return (this.client.socket as FailoverSocket).url;
  }

  /** Joins again after the session ended, as an app would; a no-op while joined. */
  async rejoin(): Promise<void> {
    if (this.roomId && this.session?.state === 'ended') await this.join(this.roomId);
  }

  async join(roomId: string): Promise<void> {
    const room = await this.client.join(roomId);
    if (!this.roomId) this.countFrames(roomId);
    this.roomId = roomId;
    this.session = room;
    room.on('ended', (reason) => this.endings.push(`${this.name}: session ended (${reason.code}: ${reason.message})`));
    room.on('messages', (messages, frame) => {
      const seqs = messages.map((m) => m.seq);
      if (!frame && this.truncatedSince !== undefined) {
        this.ledger?.gap(this.name, this.truncatedSince, Math.min(...seqs) - 1);
        this.truncatedSince = undefined;
      }
      const shown = { seqs, at: Date.now(), via: frame ? ('live' as const) : ('resume' as const) };
      this.ledger?.shown(this.name, shown.seqs, shown.at, shown.via);
      this.shown.push(shown);
      if (this.shown.length > MAX_FRAMES_KEPT) this.shown.shift();
    });
    room.on('gap', (gap) => this.ledger?.gap(this.name, gap.expectedPrev, gap.got));
    room.on('shaped', (counters) => this.ledger?.dropped(this.name, counters.dropped));
    room.on('resumed', (info) => {
      this.ledger?.resumed(this.name);
      if (info.truncated) this.truncatedSince = info.sinceSeq;
    });
  }

  /** Counts frames before the SDK de-duplicates them; once, for every session to come. */
  private countFrames(roomId: string): void {
    this.client.socket.on(ServerEvent.RoomFrame, (frame: RoomFrame) => {
      if (frame.roomId !== roomId) return;
      this.ledger?.received(this.name, frame.messages.map((m) => m.seq));
      this.ledger?.reached(this.name, frame.toSeq, Date.now());
      this.frames.push({ at: Date.now(), prevSeq: frame.prevSeq, fromSeq: frame.fromSeq, toSeq: frame.toSeq, messages: frame.messages.map((m) => m.seq), ids: frame.messages.map((m) => m.clientMsgId), replayed: frame.replayed, dropped: frame.shaped.dropped });
      if (this.frames.length > MAX_FRAMES_KEPT) this.frames.shift();
    });
  }

  close(): void {
    this.client.close();
  }
}
