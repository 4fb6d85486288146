import { ClientEvent, type Ack } from '@livecast/contracts';
import { emptyHistogram, record } from './histogram';
import type { AckHandler, LoadClient } from './load-client';
import { RatePacer } from './rate-pacer';
import { SlotFifo, SlotHeap } from './slot-queues';
import { countCode, type ChurnStats, type WorkerStats } from './worker-stats';

const TICK_MS = 10;
const NOT_BUSY = 0;
const GATEWAY_KEYS = Array.from({ length: 256 }, (_, i) => String(i));

/**
 * Churn of one worker: join+leave operations at a target rate over its viewers. Each tick
 * issues the operations the pacer says are due: first leaves of viewers whose dwell has
 * ended (earliest first), else a join of the longest-idle viewer into a random room. A
 * viewer has at most one operation in flight; ack callbacks are bound once per viewer
 * and payloads built once per room, so an operation allocates nothing of ours.
 */
export class ChurnDriver {
  readonly stats: ChurnStats = {
    issued: 0,
    missed: 0,
    joins: 0,
    leaves: 0,
    joinAck: emptyHistogram(),
    leaveAck: emptyHistogram(),
    joinsByGateway: {},
    leavesByGateway: {},
  };
  private readonly idle: SlotFifo;
  private readonly leaving: SlotHeap;
  private readonly roomOf: Int32Array;
  private readonly busySince: Float64Array;
  private readonly timedOut: Uint8Array;
  private readonly joinAcks: AckHandler[];
  private readonly leaveAcks: AckHandler[];
  private readonly payloads: { roomId: string }[];
  private readonly payloadJson: string[];
  private pacer?: RatePacer;
  private timer?: NodeJS.Timeout;
  private sweeper?: NodeJS.Timeout;
  private inFlight = 0;

  constructor(
    private readonly sockets: LoadClient[],
    private readonly gatewayOf: Uint8Array,
    rooms: string[],
    private readonly rate: number,
    private readonly dwellMs: [number, number],
    private readonly ackTimeoutMs: number,
    private readonly worker: WorkerStats,
  ) {
    const n = sockets.length;
    this.idle = new SlotFifo(n);
    this.leaving = new SlotHeap(n);
    this.roomOf = new Int32Array(n).fill(-1);
    this.busySince = new Float64Array(n);
    this.timedOut = new Uint8Array(n);
    this.payloads = rooms.map((roomId) => ({ roomId }));
    this.payloadJson = this.payloads.map((p) => JSON.stringify(p));
    this.joinAcks = sockets.map((_, slot) => ((ack: Ack) => this.onJoinAck(slot, ack)) as AckHandler);
    this.leaveAcks = sockets.map((_, slot) => ((ack: Ack) => this.onLeaveAck(slot, ack)) as AckHandler);
    for (let slot = 0; slot < n; slot++) if (sockets[slot].connected) this.idle.push(slot);
  }

  /** Starts issuing operations now. */
  start(): void {
    if (this.rate <= 0 || this.payloads.length === 0) return;
    this.pacer = new RatePacer(this.rate, performance.now());
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.sweeper = setInterval(() => this.sweep(), 1000);
  }

  /** Stops issuing and waits (at most the ack timeout) for operations in flight. */
  async stop(): Promise<ChurnStats> {
    clearInterval(this.timer);
    const deadline = performance.now() + this.ackTimeoutMs;
    while (this.inFlight > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    clearInterval(this.sweeper);
    this.sweep(Infinity);
    this.stats.issued = this.pacer?.issuedCount ?? 0;
    this.stats.missed = this.pacer?.missedCount ?? 0;
    return this.stats;
  }

  private tick(): void {
    const now = performance.now();
    const due = this.pacer?.due(now) ?? 0;
    let issued = 0;
    while (issued < due) {
      const leaving = this.leaving.peekKey() <= now;
      const slot = leaving ? this.leaving.pop() : this.idle.shift();
      if (slot < 0) break;
      // A viewer whose connection dropped leaves the rotation for good.
      if (!this.sockets[slot].connected) continue;
      if (leaving) this.leave(slot, now);
      else this.join(slot, now);
      issued++;
    }
    this.pacer?.issue(issued);
  }

  private join(slot: number, now: number): void {
    const rooms = this.payloads.length;
    let room = Math.floor(Math.random() * rooms);
    if (room === this.roomOf[slot] && rooms > 1) room = (room + 1) % rooms;
    this.roomOf[slot] = room;
    this.begin(slot, now);
    this.sockets[slot].emit(ClientEvent.RoomJoin, this.payloads[room], this.joinAcks[slot], this.payloadJson[room]);
  }

  private leave(slot: number, now: number): void {
    this.begin(slot, now);
    const room = this.roomOf[slot];
    this.sockets[slot].emit(ClientEvent.RoomLeave, this.payloads[room], this.leaveAcks[slot], this.payloadJson[room]);
  }

  private begin(slot: number, now: number): void {
    this.busySince[slot] = now;
    this.timedOut[slot] = 0;
    this.inFlight++;
  }

  /** Returns the op's latency in µs and marks the viewer free. */
  private end(slot: number): number {
    const latencyUs = (performance.now() - this.busySince[slot]) * 1000;
    this.busySince[slot] = NOT_BUSY;
    this.inFlight--;
    return latencyUs;
  }

  private onJoinAck(slot: number, ack: Ack): void {
    record(this.stats.joinAck, this.end(slot));
    if (ack.ok) {
      this.stats.joins++;
      countCode(this.stats.joinsByGateway, GATEWAY_KEYS[this.gatewayOf[slot]]);
      const [min, max] = this.dwellMs;
      this.leaving.push(performance.now() + min + Math.random() * (max - min), slot);
    } else {
      countCode(this.worker.errors, `join:${ack.error.code}`);
      this.idle.push(slot);
    }
  }

  private onLeaveAck(slot: number, ack: Ack): void {
    record(this.stats.leaveAck, this.end(slot));
    if (ack.ok) {
      this.stats.leaves++;
      countCode(this.stats.leavesByGateway, GATEWAY_KEYS[this.gatewayOf[slot]]);
    } else countCode(this.worker.errors, `leave:${ack.error.code}`);
    if (this.sockets[slot].connected) this.idle.push(slot);
  }

  /** Counts operations unanswered past the timeout once each; the viewer stays busy until (if ever) its ack comes. */
  private sweep(now = performance.now()): void {
    for (let slot = 0; slot < this.sockets.length; slot++) {
      const since = this.busySince[slot];
      if (since === NOT_BUSY || this.timedOut[slot] || now - since < this.ackTimeoutMs) continue;
      this.timedOut[slot] = 1;
      countCode(this.worker.errors, 'TIMEOUT');
    }
  }
}
