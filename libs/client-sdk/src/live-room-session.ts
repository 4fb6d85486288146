import {
  ClientEvent,
  ErrorCode,
  LivecastError,
  messageSendRequestCheck,
  normalizeText,
  type ChatMessage,
  type ClientEventRequest,
  type ClientEventResult,
  type ControlAction,
  type MessageKind,
  type MessageSendRequest,
  type RoomControl,
  type RoomFrame,
  type RoomJoinResult,
} from '@livecast/contracts/client';
import { newClientMsgId } from './client-msg-id';
import { Emitter, type Listener } from './emitter';
import { Gate } from './gate';
import { isTransient, withRetry, type RetryPolicy } from './retry';
import { RoomSequence } from './room-sequence';
import type { ClientTuning, GapInfo, RoomSession, RoomSessionEvents, RoomSnapshot, SessionState } from './types';

/** What a session needs from the client that owns it. */
export interface SessionHost {
  readonly tuning: ClientTuning;
  readonly connected: boolean;
  /** Emits a client event once connected; rejects UNAVAILABLE on timeout or when the connection drops. */
  request<E extends ClientEvent>(event: E, payload: ClientEventRequest<E>): Promise<ClientEventResult<E>>;
  /** Forgets the session: no more frames are routed to it. */
  release(session: LiveRoomSession): void;
  /** Runs `fn` after the current task, so `await client.join()` callers can attach listeners first. */
  defer(fn: () => void): void;
}

/** Frames held while (re)joining; beyond this the oldest go (the watermark still covers them). */
const MAX_HELD_FRAMES = 256;

/** Longest pause between two asks of a re-join the cluster cannot serve yet. */
const MAX_REJOIN_DELAY_MS = 2000;

/** Control actions that remove this viewer from the room, and the error they end the session with. */
const ENDING: Partial<Record<ControlAction, [ErrorCode, string]>> = {
  kicked: [ErrorCode.Forbidden, 'removed from the room'],
  banned: [ErrorCode.Banned, 'banned from the room'],
  closed: [ErrorCode.RoomClosed, 'the room was closed'],
};

/** Thrown inside a resume that a newer disconnect or resume replaced; never retried or surfaced. */
class Superseded extends Error {}

/**
 * A room session driven by its client: the client routes the room's frames and control
 * events here, suspends the session when the connection drops and resumes it when it
 * is back. Frames that arrive before a (re)join ack, or while a missed frame is being
 * fetched, are held and applied after it.
 */
export class LiveRoomSession implements RoomSession {
  private current: SessionState = 'joining';
  private snap: RoomSnapshot;
  private joinHistory: readonly ChatMessage[] = [];
  private readonly sequence = new RoomSequence();
  private readonly events = new Emitter<RoomSessionEvents>();
  /** Open while joined: sends wait on it, so none goes out before a re-join. */
  private readonly joined = new Gate();
  private held: RoomFrame[] = [];
  private holding = true;
  private endReason?: LivecastError;
  /** Bumped by every suspend, resume and end, so a stale resume gives way. */
  private epoch = 0;

  constructor(
    readonly roomId: string,
    private readonly host: SessionHost,
  ) {
    this.snap = { roomId, title: '', online: 0 };
  }

  get state(): SessionState {
    return this.current;
  }

  get snapshot(): Readonly<RoomSnapshot> {
    return this.snap;
  }

  get history(): readonly ChatMessage[] {
    return this.joinHistory;
  }

  get lastSeq(): number {
    return this.sequence.watermark;
  }

  on<K extends keyof RoomSessionEvents>(event: K, listener: Listener<RoomSessionEvents[K]>): () => void {
    return this.events.on(event, listener);
  }

  off<K extends keyof RoomSessionEvents>(event: K, listener: Listener<RoomSessionEvents[K]>): void {
    this.events.off(event, listener);
  }

  async send(text: string, kind: MessageKind = 'chat'): Promise<ChatMessage> {
    // One id for every attempt: ingest de-duplicates retries by it.
    const request: MessageSendRequest = { roomId: this.roomId, clientMsgId: newClientMsgId(), kind, text };
    messageSendRequestCheck.parse(request);
    normalizeText(text, kind);
    if (this.endReason) throw this.endReason;
    const ack = await withRetry(async () => {
      await this.joined.wait(this.host.tuning.ackTimeoutMs, `room ${this.roomId}`);
      return this.host.request(ClientEvent.MessageSend, request);
    }, this.retryPolicy());
    const echo = this.sequence.unseen([ack.message]);
    if (echo.length > 0 && this.current !== 'ended') this.events.emit('messages', echo, undefined);
    return ack.message;
  }

  async leave(): Promise<void> {
    if (this.current === 'ended') return;
    this.end();
    // Best effort: a dropped connection has already left the room on the gateway.
    if (this.host.connected) await this.host.request(ClientEvent.RoomLeave, { roomId: this.roomId }).catch(() => undefined);
  }

  /** The first join (retried on UNAVAILABLE); held frames are applied after the caller got the session. */
  async open(): Promise<void> {
    try {
      const result = await withRetry(() => this.host.request(ClientEvent.RoomJoin, { roomId: this.roomId }), this.retryPolicy());
      if (this.endReason) throw this.endReason;
      this.joinHistory = result.history;
      this.accept(result);
      this.host.defer(() => {
        if (this.current === 'joined') this.flush();
      });
    } catch (err) {
      this.end();
      throw err;
    }
  }

  /** Routes a frame of this room: applied now, or held until the (re)join ack. */
  receiveFrame(frame: RoomFrame): void {
    if (this.current === 'ended') return;
    if (this.holding) {
      this.held.push(frame);
      if (this.held.length > MAX_HELD_FRAMES) this.held.shift();
      return;
    }
    this.apply(frame);
  }

  /** Routes a control event of this room; kicked, banned and closed end the session. */
  receiveControl(control: RoomControl): void {
    if (this.current === 'ended') return;
    if (control.action === 'online' && control.online !== undefined) this.setOnline(control.online);
    this.events.emit('control', control);
    const ending = ENDING[control.action];
    if (ending) this.end(new LivecastError(ending[0], control.reason ? `${ending[1]}: ${control.reason}` : ending[1], 'roomId'));
  }

  /** The connection dropped: sends wait and frames are held until `resume`. */
  suspend(): void {
    if (this.current !== 'joined') return;
    this.enter('resuming');
    this.epoch++;
    this.holding = true;
    this.joined.close();
  }

  /** The connection is back: re-joins after the watermark, merges the catch-up, emits `resumed`. */
  async resume(): Promise<void> {
    if (this.current !== 'resuming') return;
    const epoch = ++this.epoch;
    const sinceSeq = this.sequence.watermark;
    try {
      const result = await this.rejoin(sinceSeq, epoch);
      if (epoch !== this.epoch) return;
      const missed = this.accept(result);
      // `resumed` first, so an app can place a "some messages skipped" marker before the catch-up.
      this.events.emit('resumed', { sinceSeq, truncated: result.truncated, missed: missed.length });
      if (missed.length > 0) this.events.emit('messages', missed, undefined);
      this.flush();
    } catch (err) {
      if (err instanceof Superseded || epoch !== this.epoch) return;
      this.end(LivecastError.from(err));
    }
  }

  /** Ends the session for good; emits `ended` when there is a reason (not for `leave` or `close`). */
  end(reason?: LivecastError): void {
    if (this.current === 'ended') return;
    const previous = this.current;
    this.current = 'ended';
    this.epoch++;
    this.endReason = reason ?? new LivecastError(ErrorCode.NotInRoom, `not in room ${this.roomId}: the session ended`, 'roomId');
    this.held = [];
    this.joined.fail(this.endReason);
    this.host.release(this);
    this.events.emit('state', 'ended', previous, reason);
    if (reason) this.events.emit('ended', reason);
  }

  /** Applies a join or resume ack; returns the history messages not seen before. */
  private accept(result: RoomJoinResult): ChatMessage[] {
    this.snap = { roomId: this.roomId, title: result.room.title, online: result.room.online };
    const fresh = this.sequence.anchor(result.history, result.lastSeq);
    this.enter('joined');
    this.joined.open();
    return fresh;
  }

  private enter(next: SessionState): void {
    const previous = this.current;
    this.current = next;
    this.events.emit('state', next, previous, undefined);
  }

  /** Applies held frames in order until none is left or one starts holding again (a gap being repaired). */
  private flush(): void {
    this.holding = false;
    // A listener may have left the room, or the connection dropped, mid-way.
    while (!this.holding && this.current === 'joined') {
      const frame = this.held.shift();
      if (!frame) return;
      this.apply(frame);
    }
  }

  private apply(frame: RoomFrame): void {
    // A gap the gateway explains as skipped frames is reported once, as `skipped`, and not fetched.
    const gap = frame.skipped ? undefined : this.sequence.gapBefore(frame);
    if (gap) {
      this.events.emit('gap', gap);
      this.held.unshift(frame);
      void this.repair(gap);
      return;
    }
    const { fresh } = this.sequence.frame(frame);
    if (frame.skipped) this.events.emit('skipped', frame.skipped);
    if (fresh.length > 0) this.events.emit('messages', fresh, frame);
    if (frame.shaped.dropped > 0 || frame.shaped.likes > 0) this.events.emit('shaped', frame.shaped, frame);
    if (frame.online !== undefined) this.setOnline(frame.online);
  }

  /**
   * Fetches what a missed frame held (a catch-up after the watermark, on this connection)
   * while later frames wait, so the viewer sees the room in order; the waiting frames
   * follow. A catch-up the cluster cannot serve yet (a stream without a leader) is asked
   * again (rejoin); after that, or on a refusal, the frames are shown as they are:
   * the gap was told.
   */
  private async repair(gap: GapInfo): Promise<void> {
    this.holding = true;
    const epoch = this.epoch;
    let missed: ChatMessage[] = [];
    try {
      const result = await this.rejoin(gap.expectedPrev, epoch);
      if (epoch !== this.epoch) return;
      missed = this.sequence.anchor(result.history, Math.max(result.lastSeq, gap.got));
    } catch (err) {
      // A drop or an end took over: the resume re-joins after the watermark the gap left untouched.
      if (err instanceof Superseded || epoch !== this.epoch) return;
      this.sequence.anchor([], gap.got);
    }
    if (missed.length > 0) this.events.emit('messages', missed, undefined);
    this.flush();
  }

  private setOnline(online: number): void {
    if (online === this.snap.online) return;
    this.snap = { ...this.snap, online };
    this.events.emit('online', online);
  }

  private retryPolicy(): RetryPolicy {
    return { tries: this.host.tuning.sendTries, delayMs: this.host.tuning.retryDelayMs };
  }

  /**
   * Re-joins after `sinceSeq` (a resume, a gap's catch-up) until it is answered: UNAVAILABLE
   * is asked again, at most 2 s apart, for up to `catchUpPatienceMs`. Throws Superseded once
   * a newer suspend, resume or end has bumped the epoch past `epoch`.
   */
  private rejoin(sinceSeq: number, epoch: number): Promise<RoomJoinResult> {
    const { retryDelayMs, catchUpPatienceMs } = this.host.tuning;
    const giveUpAt = Date.now() + catchUpPatienceMs;
    const patient: RetryPolicy = { tries: Infinity, delayMs: retryDelayMs, maxDelayMs: MAX_REJOIN_DELAY_MS, retryable: (err) => isTransient(err) && Date.now() < giveUpAt };
    return withRetry(() => {
      if (epoch !== this.epoch) throw new Superseded();
      return this.host.request(ClientEvent.RoomJoin, { roomId: this.roomId, sinceSeq });
    }, patient);
  }
}
