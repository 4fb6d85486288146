import { shapingConfig } from './config';
import { RoomShaper } from './room-shaper';
import { auditFrames, drive, flood, message } from './spec-kit';

describe('RoomShaper pass-through', () => {
  const rates: [number, string][] = [
    [1, 'one msg/s'],
    [10, 'ten msgs/s'],
    [18, 'just under the screen rate'],
  ];

  it.each(rates)('pass-through: %i/s (%s) emits each message at push time, alone, with no tick', (perSec) => {
    const shaper = new RoomShaper('r1');
    const arrivals = flood(perSec, 3000);
    for (const { at, msg } of arrivals) {
      const frame = shaper.push(msg, at);
      expect(frame?.messages).toEqual([msg]);
      expect(shaper.mode).toBe('pass-through');
      expect(shaper.pending).toBe(0);
    }
    expect(shaper.needsTick).toBe(false);
  });

  it('pass-through: priority under its cap passes too; likes wait for the next tick or frame', () => {
    const shaper = new RoomShaper('r1');
    expect(shaper.push(message(1, 'like'), 0)).toBeNull();
    expect(shaper.needsTick).toBe(true);
    expect(shaper.push(message(2, 'gift'), 5)).toMatchObject({ fromSeq: 1, toSeq: 2, shaped: { likes: 1, dropped: 0 } });
    expect(shaper.push(message(3, 'like'), 10)).toBeNull();
    expect(shaper.tick(20)).toMatchObject({ fromSeq: 3, toSeq: 3, prevSeq: 2, messages: [], shaped: { likes: 1 } });
    expect(shaper.tick(120)).toBeNull();
    expect(shaper.mode).toBe('pass-through');
  });

  it('pass-through: the first message of a burst reaching the cap switches to shaped', () => {
    const shaper = new RoomShaper('r1');
    for (let seq = 1; seq <= 19; seq++) expect(shaper.push(message(seq), seq)).not.toBeNull();
    expect(shaper.push(message(20), 20)).toBeNull();
    expect(shaper.mode).toBe('shaped');
    expect(shaper.pending).toBe(1);
    expect(shaper.tick(20)?.messages.map((m) => m.seq)).toEqual([20]); // 19 shown in the window, room for 1
  });
});

describe('RoomShaper hysteresis', () => {
  // Phases of steady input [msgs/s, ms]; expected mode at the end of each phase.
  const cases: [string, [number, number][], string[]][] = [
    ['under the cap stays pass-through', [[15, 3000]], ['pass-through']],
    ['over the cap shapes', [[15, 2000], [30, 2000]], ['pass-through', 'shaped']],
    ['between exit and enter stays shaped', [[30, 2000], [15, 3000]], ['shaped', 'shaped']],
    ['well under exits', [[30, 2000], [15, 2000], [5, 3000]], ['shaped', 'shaped', 'pass-through']],
    ['oscillating around the cap does not flap', [[22, 1500], [18, 1500], [22, 1500], [18, 1500]], ['shaped', 'shaped', 'shaped', 'shaped']],
  ];

  it.each(cases)('hysteresis: %s', (_name, phases, modes) => {
    const shaper = new RoomShaper('r1');
    let start = 0;
    let seq = 1;
    const seen: string[] = [];
    let switches = 0;
    let last = shaper.mode as string;
    for (const [perSec, ms] of phases) {
      const arrivals = flood(perSec, ms, {}, { startMs: start, firstSeq: seq });
      for (let t = start; t < start + ms; t += 100) {
        for (const a of arrivals.filter((x) => x.at >= t && x.at < t + 100)) shaper.push(a.msg, a.at);
        shaper.tick(t + 100);
        if (shaper.mode !== last) switches++;
        last = shaper.mode;
      }
      seen.push(shaper.mode);
      start += ms;
      seq += arrivals.length;
    }
    expect(seen).toEqual(modes);
    expect(switches).toBeLessThanOrEqual(2);
  });

  it('hysteresis: a shaped room drains its priority queue before passing through again', () => {
    const shaper = new RoomShaper('r1');
    const arrivals = flood(100, 500, { gift: 1 }); // 50 gifts in 0.5 s: 5 s of priority budget
    const frames = drive(shaper, arrivals);
    expect(frames.reduce((n, t) => n + t.frame.messages.length, 0)).toBe(50);
    expect(shaper.mode).toBe('pass-through');
    expect(frames[frames.length - 1].at).toBeGreaterThanOrEqual(4000);
    auditFrames(arrivals.map((a) => a.msg), frames.map((t) => t.frame));
  });
});

describe('RoomShaper mega room', () => {
  it('mega room: is shaped even when quiet, on the longer interval', () => {
    const shaper = new RoomShaper('r1', shapingConfig());
    shaper.setOnline(1_000_000);
    expect(shaper.frameIntervalMs).toBe(1000);
    expect(shaper.push(message(1), 0)).toBeNull();
    expect(shaper.mode).toBe('shaped');
    expect(shaper.tick(0)).toMatchObject({ messages: [message(1)], online: 1_000_000 });
    expect(shaper.push(message(2), 10)).toBeNull();
    expect(shaper.tick(900)).toBeNull();
    expect(shaper.tick(1000)?.messages).toEqual([message(2)]);
  });

  it('mega room: returns to pass-through once the room shrinks and is calm', () => {
    const shaper = new RoomShaper('r1');
    shaper.setOnline(200_000);
    shaper.push(message(1), 0);
    expect(shaper.tick(0)).not.toBeNull();
    expect(shaper.tick(1000, 10)).toBeNull();
    expect(shaper.mode).toBe('pass-through');
    expect(shaper.push(message(2), 1001)?.online).toBe(10);
  });
});

describe('RoomShaper guards', () => {
  it('guards: wrong room and bad seq throw; redeliveries are ignored and counted', () => {
    const shaper = new RoomShaper('r1');
    expect(() => shaper.push(message(1, 'chat', 'viewer', 'r2'), 0)).toThrow(RangeError);
    expect(() => shaper.push(message(0), 0)).toThrow(RangeError);
    expect(() => shaper.push(message(1.5), 0)).toThrow(RangeError);
    expect(shaper.push(message(5), 0)).not.toBeNull();
    expect(shaper.push(message(5), 1)).toBeNull();
    expect(shaper.push(message(4), 2)).toBeNull();
    expect(shaper.stats.duplicates).toBe(2);
    expect(shaper.stats.pushed.chat).toBe(1);
  });
});
