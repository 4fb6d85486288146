// Test and bench helpers: message factory, scenario driver with a fake clock, and an audit
// of the frame invariants. Not exported from the package entry.
import type { ChatMessage, MessageKind, RoomFrame } from '@livecast/contracts';
import fc from 'fast-check';
import type { RoomShaper } from './room-shaper';

/** Sender roles, as in the contracts. */
export type Role = ChatMessage['from']['role'];

/** Builds a message of `roomId` with the given seq, kind and sender role. */
export function message(seq: number, kind: MessageKind = 'chat', role: Role = 'viewer', roomId = 'r1'): ChatMessage {
  return { seq, roomId, kind, text: kind === 'like' ? '' : `m${seq}`, clientMsgId: `c${seq}`, from: { id: `u${seq % 97}`, name: 'n', role, guest: false }, ts: 0 };
}

/** A message and when it reaches the shaper. */
export interface Arrival {
  at: number;
  msg: ChatMessage;
}

/** A frame and when the shaper emitted it. */
export interface Timed {
  at: number;
  frame: RoomFrame;
}

const DRAW_RESOLUTION = 1_000_000;

/** `n` uniform draws in [0, 1) from fast-check, reproducible by seed (unbiased: floods need true proportions). */
function uniformDraws(n: number, seed: number): number[] {
  if (n === 0) return [];
  return fc.sample(fc.noBias(fc.integer({ min: 0, max: DRAW_RESOLUTION - 1 })), { seed, numRuns: n }).map((i) => i / DRAW_RESOLUTION);
}

/** Share of each message type in a flood; the rest is viewer chat. */
export interface Mix {
  like?: number;
  gift?: number;
  system?: number;
  hostChat?: number;
}

/** Evenly spaced arrivals at `perSec` for `durationMs` starting at `startMs`, kinds drawn from `mix`. */
export function flood(perSec: number, durationMs: number, mix: Mix = {}, opts: { startMs?: number; firstSeq?: number; seed?: number; roomId?: string } = {}): Arrival[] {
  const { startMs = 0, firstSeq = 1, seed = 7, roomId = 'r1' } = opts;
  const n = Math.floor((perSec * durationMs) / 1000);
  const draws = uniformDraws(n, seed);
  const out: Arrival[] = [];
  for (let i = 0; i < n; i++) {
    const [kind, role] = pick(draws[i], mix);
    out.push({ at: startMs + Math.floor((i * 1000) / perSec), msg: message(firstSeq + i, kind, role, roomId) });
  }
  return out;
}

function pick(r: number, mix: Mix): [MessageKind, Role] {
  let edge = mix.like ?? 0;
  if (r < edge) return ['like', 'viewer'];
  if (r < (edge += mix.gift ?? 0)) return ['gift', 'viewer'];
  if (r < (edge += mix.system ?? 0)) return ['system', 'viewer'];
  if (r < (edge += mix.hostChat ?? 0)) return ['chat', 'host'];
  return ['chat', 'viewer'];
}

/**
 * Feeds arrivals to the shaper, ticking every `tickMs` on the fake clock (a tick at t runs
 * before arrivals at t), then keeps ticking until nothing is held. Returns every frame.
 */
export function drive(shaper: RoomShaper, arrivals: Arrival[], tickMs = 100, online?: number): Timed[] {
  const out: Timed[] = [];
  let nextTick = 0;
  const tickUntil = (t: number): void => {
    for (; nextTick <= t; nextTick += tickMs) {
      const frame = shaper.tick(nextTick, online);
      if (frame !== null) out.push({ at: nextTick, frame });
    }
  };
  for (const { at, msg } of arrivals) {
    tickUntil(at);
    const frame = shaper.push(msg, at);
    if (frame !== null) out.push({ at, frame });
  }
  for (let guard = 0; shaper.needsTick && guard < 100_000; guard++) tickUntil(nextTick);
  return out;
}

/** Largest number of messages matching `pred` shown within any window [t, t + windowMs). */
export function maxInWindow(timed: Timed[], pred: (m: ChatMessage) => boolean, windowMs = 1000): number {
  const counts = timed.map((t) => t.frame.messages.filter(pred).length);
  let best = 0;
  let sum = 0;
  let lo = 0;
  for (let hi = 0; hi < timed.length; hi++) {
    sum += counts[hi];
    while (timed[hi].at - timed[lo].at >= windowMs) sum -= counts[lo++];
    best = Math.max(best, sum);
  }
  return best;
}

/**
 * Checks the sequence invariants of one room's frames against what was pushed (assuming no
 * priority message was shed): prevSeq chains, toSeq is a non-decreasing watermark, and each
 * frame accounts exactly for the pushed seqs in (prevSeq, toSeq] not shown by a later frame,
 * plus the deferred ones it shows. Throws on the first violation.
 */
export function auditFrames(pushed: ChatMessage[], frames: RoomFrame[]): void {
  const shownIn = new Map<number, number>();
  frames.forEach((f, i) => {
    for (const m of f.messages) {
      if (shownIn.has(m.seq)) throw new Error(`seq ${m.seq} shown twice`);
      shownIn.set(m.seq, i);
    }
  });
  const seqs = pushed.map((m) => m.seq).sort((a, b) => a - b);
  let lo = 0;
  let total = 0;
  frames.forEach((f, i) => {
    const prev = i === 0 ? undefined : frames[i - 1].toSeq;
    if (f.prevSeq !== prev) throw new Error(`frame ${i}: prevSeq ${f.prevSeq} != ${prev}`);
    const accounted = f.messages.filter((m) => prev !== undefined && m.seq <= prev).map((m) => m.seq);
    for (; lo < seqs.length && seqs[lo] <= f.toSeq; lo++) {
      const later = shownIn.get(seqs[lo]);
      if (later === undefined || later === i) accounted.push(seqs[lo]);
    }
    checkFrame(f, i, prev, accounted);
    total += accounted.length;
  });
  if (lo !== seqs.length || total !== seqs.length) throw new Error(`accounted ${total} of ${seqs.length} pushed`);
}

function checkFrame(f: RoomFrame, i: number, prev: number | undefined, accounted: number[]): void {
  const min = Math.min(...accounted);
  const max = Math.max(...accounted);
  const size = f.messages.length + f.shaped.dropped + f.shaped.likes;
  if (accounted.length !== size) throw new Error(`frame ${i}: accounts ${size}, expected ${accounted.length}`);
  if (f.fromSeq !== min) throw new Error(`frame ${i}: fromSeq ${f.fromSeq} != ${min}`);
  if (f.toSeq !== Math.max(prev ?? max, max)) throw new Error(`frame ${i}: toSeq ${f.toSeq} is not the watermark`);
  for (let k = 1; k < f.messages.length; k++) {
    if (f.messages[k - 1].seq >= f.messages[k].seq) throw new Error(`frame ${i}: messages not in seq order`);
  }
}
