import type { RoomFrame } from '@livecast/contracts';
import { ShaperSet } from './shaper-set';
import { flood, message } from './spec-kit';

describe('ShaperSet', () => {
  it('ShaperSet: a hot room does not delay or shape small rooms', () => {
    const set = new ShaperSet();
    const hot = flood(10_000, 3000, { like: 0.3, gift: 0.001 }, { roomId: 'hot' });
    const small = flood(5, 3000, {}, { roomId: 'small', seed: 3 });
    const arrivals = [...hot, ...small].sort((a, b) => a.at - b.at);
    const hotFrames: RoomFrame[] = [];
    let nextTick = 0;
    for (const { at, msg } of arrivals) {
      for (; nextTick <= at; nextTick += 100) hotFrames.push(...set.tickAll(nextTick));
      const frame = set.push(msg, at);
      if (msg.roomId === 'small') expect(frame?.messages).toEqual([msg]); // at push time
    }
    expect(set.get('hot')?.mode).toBe('shaped');
    expect(set.get('small')?.mode).toBe('pass-through');
    expect(hotFrames.every((f) => f.roomId === 'hot')).toBe(true);
    expect(hotFrames.length).toBeGreaterThanOrEqual(29);
  });

  // [name, idle gap after last input (ms), room held afterwards]
  const evictions: [string, number, boolean][] = [
    ['recently active room is kept', 40_000, true],
    ['idle past idleEvictMs is forgotten', 70_000, false],
  ];

  it.each(evictions)('ShaperSet eviction: %s', (_name, gap, kept) => {
    const set = new ShaperSet({ idleEvictMs: 60_000 });
    set.push(message(1, 'chat', 'viewer', 'a'), 0);
    set.tickAll(0);
    set.tickAll(gap); // past the first sweep period (idleEvictMs / 2), so this tick sweeps
    expect(set.get('a') !== undefined).toBe(kept);
  });

  it('ShaperSet eviction: input sweeps idle rooms when nothing is ticked', () => {
    const set = new ShaperSet({ idleEvictMs: 60_000 });
    set.push(message(1, 'chat', 'viewer', 'a'), 0);
    set.push(message(2, 'chat', 'viewer', 'b'), 70_000);
    expect(set.activeCount).toBe(0);
    expect([set.get('a'), set.get('b') !== undefined]).toEqual([undefined, true]);
  });

  it('ShaperSet eviction: a shaped room with queued messages is never evicted', () => {
    const set = new ShaperSet({ priorityRate: 1, idleEvictMs: 1000 });
    for (let seq = 1; seq <= 50; seq++) set.push(message(seq, 'gift', 'viewer', 'g'), 0);
    set.tickAll(5000);
    expect(set.get('g')?.pending).toBeGreaterThan(0);
    expect(set.size).toBe(1);
  });

  it('ShaperSet: tickAll visits only rooms that need it, and drops them once drained', () => {
    const set = new ShaperSet();
    set.push(message(1, 'chat', 'viewer', 'quiet'), 0);
    set.push(message(2, 'like', 'viewer', 'liked'), 0);
    expect(set.activeCount).toBe(1);
    expect(set.tickAll(100).map((f) => f.roomId)).toEqual(['liked']);
    expect(set.activeCount).toBe(0);
    expect(set.size).toBe(2);
  });

  it('ShaperSet: online counts route to the room and turn a mega room shaped', () => {
    const set = new ShaperSet();
    set.setOnline('m', 1_000_000, 0);
    expect(set.push(message(1, 'chat', 'viewer', 'm'), 0)).toBeNull();
    expect(set.tickAll(0)).toMatchObject([{ roomId: 'm', online: 1_000_000, fromSeq: 1, toSeq: 1 }]);
    expect(set.get('m')?.frameIntervalMs).toBe(1000);
  });

  it('ShaperSet: rejects an invalid config up front', () => {
    expect(() => new ShaperSet({ tickMs: 0 })).toThrow(RangeError);
  });

  it('ShaperSet: the first frame of a room suspected of loss shows a gap before it', () => {
    const set = new ShaperSet();
    set.suspectLoss('full', 0);
    expect(set.push(message(120, 'chat', 'viewer', 'full'), 0)).toMatchObject({ roomId: 'full', prevSeq: 119 });
    expect(set.push(message(121, 'chat', 'viewer', 'other'), 0)).not.toHaveProperty('prevSeq');
  });

  it('ShaperSet: a room held on keeps its chain and knows its redeliveries; a loss suspected later breaks the chain at the next message', () => {
    const set = new ShaperSet();
    set.push(message(10, 'chat', 'viewer', 'r'), 0);
    expect(set.lastTakenSeq('r')).toBe(10);
    expect(set.lastTakenSeq('never')).toBe(0);
    expect(set.push(message(10, 'chat', 'viewer', 'r'), 1)).toBeNull();
    expect(set.push(message(12, 'chat', 'viewer', 'r'), 2)).toMatchObject({ prevSeq: 10, fromSeq: 12 });
    set.suspectLoss('r', 3);
    expect(set.push(message(30, 'chat', 'viewer', 'r'), 4)).toMatchObject({ prevSeq: 29, fromSeq: 30, toSeq: 30 });
  });
});
