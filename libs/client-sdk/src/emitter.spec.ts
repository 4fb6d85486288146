import { Emitter } from './emitter';

describe('client-sdk: Emitter', () => {
  it('calls listeners in order and removes them', () => {
    const emitter = new Emitter<{ n: [number] }>();
    const calls: string[] = [];
    const stop = emitter.on('n', (n) => calls.push(`a${n}`));
    emitter.on('n', (n) => calls.push(`b${n}`));
    emitter.emit('n', 1);
    stop();
    emitter.emit('n', 2);
    expect(calls).toEqual(['a1', 'b1', 'b2']);
    expect(emitter.listenerCount('n')).toBe(1);
  });

  it('keeps calling listeners when one throws, and reports the error later', async () => {
    const emitter = new Emitter<{ n: [] }>();
    const reported: unknown[] = [];
    const original = globalThis.queueMicrotask;
    globalThis.queueMicrotask = (fn) => {
      try {
        fn();
      } catch (err) {
        reported.push(err);
      }
    };
    try {
      let after = false;
      emitter.on('n', () => {
        throw new Error('boom');
      });
      emitter.on('n', () => (after = true));
      emitter.emit('n');
      expect(after).toBe(true);
      expect(reported).toEqual([new Error('boom')]);
    } finally {
      globalThis.queueMicrotask = original;
    }
  });
});
