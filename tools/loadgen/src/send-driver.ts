import { ClientEvent, type Ack, type MessageKind, type MessageSendResult } from '@livecast/contracts';
import { classify } from '@livecast/shaping';
import { emptyHistogram, record } from './histogram';
import type { AckHandler, LoadClient } from './load-client';
import { MixPicker, type Mix } from './mix';
import { RatePacer } from './rate-pacer';
import { countCode, type FloodSenderStats, type WorkerStats } from './worker-stats';

const TICK_MS = 10;
const TEXT: Record<MessageKind, string> = {
  chat: 'loadgen chat: the quick brown fox jumps over the lazy dog',
  like: '',
  gift: 'loadgen gift: a rose',
  system: 'loadgen system: the host says hello',
};

type SendAck = Ack<MessageSendResult>;

/** One class of senders (viewer-role or admin-role) sharing a pacer and a kind picker. */
interface SenderGroup {
  sockets: LoadClient[];
  pacer?: RatePacer;
  picker?: MixPicker;
  cursor: number;
}

/**
 * Floods one room at a target rate: viewer-role senders send chat/like/gift in the mix's
 * proportions, admin-role senders send the system share (staff chat would count as
 * priority, so only system messages come from staff). Senders are used round-robin;
 * every ack's seq and times go to `takeAcks` for the end-to-end join.
 */
export class SendDriver {
  readonly stats: FloodSenderStats = { sent: 0, acked: 0, duplicates: 0, priorityAcked: 0, missed: 0, ack: emptyHistogram() };
  private readonly groups: SenderGroup[];
  private acks: number[] = [];
  private timer?: NodeJS.Timeout;
  private inFlight = 0;
  private counter = 0;

  constructor(
    normal: LoadClient[],
    system: LoadClient[],
    private readonly roomId: string,
    private readonly rates: { normal: number; system: number },
    private readonly mix: Mix,
    private readonly ackTimeoutMs: number,
    private readonly worker: WorkerStats,
  ) {
    this.groups = [
      { sockets: normal, cursor: 0 },
      { sockets: system, cursor: 0 },
    ];
  }

  /** Starts sending now. */
  start(): void {
    const now = performance.now();
    const { chat, like, gift } = this.mix;
    const [normal, system] = this.groups;
    if (this.rates.normal > 0 && normal.sockets.length > 0) {
      normal.pacer = new RatePacer(this.rates.normal, now);
      normal.picker = new MixPicker({ chat, like, gift });
    }
    if (this.rates.system > 0 && system.sockets.length > 0) {
      system.pacer = new RatePacer(this.rates.system, now);
      system.picker = new MixPicker({ system: 1 });
    }
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  /** Stops sending, waits (at most the ack timeout) for acks in flight; the rest count as TIMEOUT. */
  async stop(): Promise<FloodSenderStats> {
    clearInterval(this.timer);
    const deadline = performance.now() + this.ackTimeoutMs;
    while (this.inFlight > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    if (this.inFlight > 0) this.worker.errors.TIMEOUT = (this.worker.errors.TIMEOUT ?? 0) + this.inFlight;
    this.stats.missed = this.groups.reduce((sum, g) => sum + (g.pacer?.missedCount ?? 0), 0);
    return this.stats;
  }

  /** Acks since the last call, flattened as (seq, sent wall ms, acked wall ms, priority 0/1). */
  takeAcks(): number[] {
    const taken = this.acks;
    this.acks = [];
    return taken;
  }

  private tick(): void {
    const now = performance.now();
    for (const group of this.groups) {
      if (!group.pacer || !group.picker) continue;
      const due = group.pacer.due(now);
      let sent = 0;
      while (sent < due && this.sendOne(group)) sent++;
      group.pacer.issue(sent);
    }
  }

  /** Sends one message from the next connected sender of the group; false when none is connected. */
  private sendOne(group: SenderGroup): boolean {
    const n = group.sockets.length;
    for (let tries = 0; tries < n; tries++) {
      const socket = group.sockets[group.cursor];
      group.cursor = (group.cursor + 1) % n;
      if (!socket.connected) continue;
      const kind = (group.picker as MixPicker).next();
      const payload = { roomId: this.roomId, clientMsgId: `m${this.counter++}`, kind, text: TEXT[kind] };
      const sentAt = performance.now();
      this.inFlight++;
      this.stats.sent++;
      socket.emit(ClientEvent.MessageSend, payload, ((ack: SendAck) => this.onAck(sentAt, ack)) as AckHandler);
      return true;
    }
    return false;
  }

  private onAck(sentAt: number, ack: SendAck): void {
    this.inFlight--;
    if (!ack.ok) {
      countCode(this.worker.errors, `send:${ack.error.code}`);
      return;
    }
    const ackedAt = performance.now();
    const priority = classify(ack.message) === 'priority';
    this.stats.acked++;
    if (ack.duplicate) this.stats.duplicates++;
    if (priority) this.stats.priorityAcked++;
    record(this.stats.ack, (ackedAt - sentAt) * 1000);
    const origin = performance.timeOrigin;
    this.acks.push(ack.seq, origin + sentAt, origin + ackedAt, priority ? 1 : 0);
  }
}
