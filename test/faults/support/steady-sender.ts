import { ClientEvent, ErrorCode, type Ack, type MessageSendResult, type RoomJoinResult } from '@livecast/contracts';
import { io, type Socket } from 'socket.io-client';

/** What the sender did, for the fault table. */
export interface SendStats {
  retries: number;
  retriesDeduplicated: number;
  /** Outcomes that were neither an ack nor a typed UNAVAILABLE. */
  untyped: string[];
}

/** One attempt that did not end in an ack: when it started, how long it took, through which gateway, and what came back. */
export interface FailedAttempt {
  at: number;
  ms: number;
  gateway: string;
  outcome: string;
}

/** Failed attempts kept for the fault detail; older ones are dropped past this many. */
const MAX_FAILED_ATTEMPTS = 2000;

export interface SteadySenderOptions {
  urls: string[];
  token: string;
  roomId: string;
  everyMs: number;
  /** Longer than the gateway's INGEST_TIMEOUT_MS: no ack by then is not the typed UNAVAILABLE the gateway owes. */
  ackTimeoutMs: number;
  /** Bound of the attempts for one message, in ms, beyond the time the cluster itself had no leader (see `excused`). */
  giveUpAfterMs: number;
}

/** However long the cluster goes without a leader, one message is given up after this many times `giveUpAfterMs`: every loop stays bounded. */
const HARD_BOUND_FACTOR = 4;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A host that sends a chat message every `everyMs`, one at a time, as an app on the SDK
 * would: an UNAVAILABLE answer or a lost connection is retried with the same clientMsgId
 * (moving to the next gateway when its own is gone), and every outcome is counted. Raw
 * socket.io, so the spec sees each attempt and reply the SDK would hide.
 */
export class SteadySender {
  readonly stats: SendStats = { retries: 0, retriesDeduplicated: 0, untyped: [] };
  readonly failedAttempts: FailedAttempt[] = [];
  onAck: (seq: number, at: number) => void = () => undefined;
  /** Of `[from, to]`, the ms the cluster could not serve (no leader): a send's bound does not count them. */
  excused: (from: number, to: number) => number = () => 0;
  private socket?: Socket;
  private gateway = 0;
  private running = false;
  private loop?: Promise<void>;
  private sent = 0;

  constructor(private readonly options: SteadySenderOptions) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    this.socket?.disconnect();
  }

  private async run(): Promise<void> {
    while (this.running) {
      const startedAt = Date.now();
      await this.sendOne(`steady-${process.pid}-${++this.sent}`);
      await sleep(Math.max(0, this.options.everyMs - (Date.now() - startedAt)));
    }
  }

  private async sendOne(clientMsgId: string): Promise<void> {
    const { giveUpAfterMs } = this.options;
    const startedAt = Date.now();
    const hardDeadline = startedAt + HARD_BOUND_FACTOR * giveUpAfterMs;
    const left = () => Math.min(hardDeadline - Date.now(), giveUpAfterMs - (Date.now() - startedAt - this.excused(startedAt, Date.now())));
    for (let attempt = 1; left() > 0; attempt++) {
      if (attempt > 1) this.stats.retries++;
      const socket = await this.joined(Date.now() + left());
      if (!socket) break;
      const payload = { roomId: this.options.roomId, clientMsgId, kind: 'chat', text: `steady ${this.sent}` };
      const gateway = this.options.urls[this.gateway];
      const at = Date.now();
      let ack: Ack<MessageSendResult>;
      try {
        ack = (await socket.timeout(this.options.ackTimeoutMs).emitWithAck(ClientEvent.MessageSend, payload)) as Ack<MessageSendResult>;
      } catch {
        // Lost connection: the SDK's UNAVAILABLE "connection lost"; a live one without an answer is the gateway's fault.
        const live = socket.connected;
        this.failed({ at, ms: Date.now() - at, gateway, outcome: live ? 'no ack' : 'connection lost' });
        if (live) this.stats.untyped.push(`no ack within ${this.options.ackTimeoutMs} ms`);
        else this.drop();
        await sleep(100);
        continue;
      }
      if (ack.ok) {
        if (attempt > 1 && ack.duplicate) this.stats.retriesDeduplicated++;
        this.onAck(ack.seq, Date.now());
        return;
      }
      this.failed({ at, ms: Date.now() - at, gateway, outcome: `${ack.error.code}: ${ack.error.message}` });
      if (ack.error.code !== ErrorCode.Unavailable) {
        this.stats.untyped.push(ack.error.code);
        return;
      }
      await sleep(150);
    }
    this.stats.untyped.push(`not acked within ${giveUpAfterMs} ms beyond the cluster's leaderless time`);
  }

  /** A connected socket joined to the room, moving through the gateways until one answers or the deadline passes. */
  private async joined(deadline: number): Promise<Socket | undefined> {
    while (Date.now() < deadline) {
      if (this.socket?.connected) return this.socket;
      this.drop();
      const url = this.options.urls[this.gateway];
      const socket = io(url, { transports: ['websocket'], auth: { token: this.options.token }, reconnection: false, forceNew: true, timeout: 2000 });
      const up = await new Promise<boolean>((resolve) => {
        socket.once('connect', () => resolve(true));
        socket.once('connect_error', () => resolve(false));
      });
      const join = up ? await socket.timeout(this.options.ackTimeoutMs).emitWithAck(ClientEvent.RoomJoin, { roomId: this.options.roomId }).catch(() => undefined) : undefined;
      if ((join as Ack<RoomJoinResult> | undefined)?.ok) {
        this.socket = socket;
        return socket;
      }
      socket.disconnect();
      this.gateway = (this.gateway + 1) % this.options.urls.length;
      await sleep(200);
    }
    return undefined;
  }

  private failed(attempt: FailedAttempt): void {
    this.failedAttempts.push(attempt);
    if (this.failedAttempts.length > MAX_FAILED_ATTEMPTS) this.failedAttempts.shift();
  }

  private drop(): void {
    if (!this.socket) return;
    this.socket.disconnect();
    this.socket = undefined;
    this.gateway = (this.gateway + 1) % this.options.urls.length;
  }
}
