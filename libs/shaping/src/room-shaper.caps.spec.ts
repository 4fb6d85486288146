import { RoomFrameSchema, createValidator, type ChatMessage, type MessageKind, type RoomFrame } from '@livecast/contracts';
import { classify, isUrgent } from './classify';
import { shapingConfig } from './config';
import { RoomShaper } from './room-shaper';
import { auditFrames, drive, flood, maxInWindow, type Mix, type Timed } from './spec-kit';

const isNormal = (m: ChatMessage): boolean => classify(m) === 'normal';
const isPriority = (m: ChatMessage): boolean => classify(m) === 'priority';
const KINDS: MessageKind[] = ['chat', 'gift', 'like', 'system'];
const frameValidator = createValidator(RoomFrameSchema);

/** Messages shown in frames, per kind. */
function shownByKind(timed: Timed[]): Record<MessageKind, number> {
  const out: Record<MessageKind, number> = { chat: 0, gift: 0, like: 0, system: 0 };
  for (const { frame } of timed) for (const m of frame.messages) out[m.kind]++;
  return out;
}

describe('RoomShaper: priority that waited past priorityMaxWaitMs', () => {
  it('is counted as dropped, so the newest highlights are not shown ever later; the accounting holds', () => {
    // 40 host messages a second for 3 s against a 10/s lane: a 90-message backlog at the end.
    const arrivals = flood(40, 3000, { hostChat: 1 });
    const shaper = new RoomShaper('r1', shapingConfig({ priorityMaxWaitMs: 2000 }));
    const timed = drive(shaper, arrivals, 100);
    const frames = timed.map((t) => t.frame);
    const shown = frames.flatMap((f) => f.messages);
    expect(shaper.stats.priorityShed).toBeGreaterThan(0);
    expect(shown.length + shaper.stats.priorityShed).toBe(arrivals.length);
    expect(frames.reduce((n, f) => n + f.shaped.dropped, 0)).toBe(shaper.stats.priorityShed);
    // Nothing is shown more than the wait (and one frame) after it arrived.
    const arrivedAt = new Map(arrivals.map((a) => [a.msg.seq, a.at]));
    for (const { at, frame } of timed) for (const m of frame.messages) expect(at - (arrivedAt.get(m.seq) as number)).toBeLessThanOrEqual(2000 + 100);
    expect(() => auditFrames(arrivals.map((a) => a.msg), frames)).not.toThrow();
  });
});

describe('RoomShaper caps under flood', () => {
  // [name, msgs/s, ms, mix, online, max normal per frame]
  const cases: [string, number, number, Mix, number | undefined, number][] = [
    ['chat only', 10_000, 5000, {}, undefined, 2],
    ['chat with likes', 10_000, 5000, { like: 0.5 }, undefined, 2],
    ['chat with a trickle of priority', 10_000, 4000, { like: 0.3, gift: 0.001, system: 0.0005, hostChat: 0.0005 }, undefined, 2],
    ['priority over its budget', 10_000, 3000, { gift: 0.003, hostChat: 0.001 }, undefined, 2],
    ['mega room (1 s frames)', 10_000, 5000, { like: 0.2, gift: 0.0008 }, 2_000_000, 20],
    ['mega room (300 ms frames)', 10_000, 5000, { gift: 0.0008 }, 150_000, 6],
    ['just over the screen rate', 25, 6000, {}, undefined, 2],
  ];

  describe.each(cases)('caps: %s', (_name, perSec, ms, mix, online, perFrame) => {
    let pushed: ChatMessage[];
    let shaper: RoomShaper;
    let timed: Timed[];
    let frames: RoomFrame[];

    beforeAll(() => {
      const arrivals = flood(perSec, ms, mix);
      pushed = arrivals.map((a) => a.msg);
      shaper = new RoomShaper('r1');
      timed = drive(shaper, arrivals, 100, online);
      frames = timed.map((t) => t.frame);
    });

    it('caps: at most 20 normal and 10 priority in any 1 s window', () => {
      expect(maxInWindow(timed, isNormal)).toBeLessThanOrEqual(20);
      expect(maxInWindow(timed, isPriority)).toBeLessThanOrEqual(10);
    });

    it('caps: per-frame normal budget follows the frame interval', () => {
      for (const f of frames) expect(f.messages.filter(isNormal).length).toBeLessThanOrEqual(perFrame);
    });

    it('caps: shows close to the full screen rate when saturated', () => {
      const secs = ms / 1000;
      const normalIn = pushed.filter(isNormal).length;
      const shown = frames.reduce((n, f) => n + f.messages.filter(isNormal).length, 0);
      expect(shown).toBeGreaterThanOrEqual(Math.min(normalIn, 20 * (secs - 1)));
    });

    it('caps: every priority message is delivered, oldest first within its tier', () => {
      const order = frames.flatMap((f) => f.messages).filter(isPriority);
      expect(order.length).toBe(pushed.filter(isPriority).length);
      for (const tier of [true, false]) {
        const seqs = order.filter((m) => isUrgent(m) === tier).map((m) => m.seq);
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      }
      expect(shaper.stats.priorityShed).toBe(0);
    });

    it('caps: counters add up per kind (shown + dropped + liked == pushed)', () => {
      const shown = shownByKind(timed);
      const { stats } = shaper;
      for (const kind of KINDS) {
        const pushedOfKind = pushed.filter((m) => m.kind === kind).length;
        expect(stats.pushed[kind]).toBe(pushedOfKind);
        expect(stats.shown[kind]).toBe(shown[kind]);
        expect(stats.shown[kind] + stats.dropped[kind] + (kind === 'like' ? stats.likes : 0)).toBe(pushedOfKind);
      }
      expect(frames.reduce((n, f) => n + f.shaped.dropped, 0)).toBe(stats.dropped.chat + stats.dropped.gift + stats.dropped.system);
      expect(frames.reduce((n, f) => n + f.shaped.likes, 0)).toBe(stats.pushed.like);
      expect(shown.like).toBe(0);
      expect(stats.frames).toBe(frames.length);
    });

    it('caps: every frame matches the wire schema', () => {
      for (const f of frames) expect(() => frameValidator.parse(f)).not.toThrow();
    });

    it('caps: sequence accounting holds (each pushed seq in exactly one frame, prevSeq chain, watermark)', () => {
      expect(() => auditFrames(pushed, frames)).not.toThrow();
    });
  });
});
