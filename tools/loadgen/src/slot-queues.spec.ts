import { SlotFifo, SlotHeap } from './slot-queues';

describe('slot queues', () => {
  it('SlotFifo: first in first out across wrap-around', () => {
    const fifo = new SlotFifo(3);
    fifo.push(1);
    fifo.push(2);
    expect(fifo.shift()).toBe(1);
    fifo.push(3);
    fifo.push(4);
    expect([fifo.shift(), fifo.shift(), fifo.shift(), fifo.shift()]).toEqual([2, 3, 4, -1]);
    expect(fifo.size).toBe(0);
  });

  it('SlotFifo: refuses to overflow', () => {
    const fifo = new SlotFifo(1);
    fifo.push(0);
    expect(() => fifo.push(1)).toThrow(/full/);
  });

  it('SlotHeap: pops in key order', () => {
    const heap = new SlotHeap(100);
    const keys = Array.from({ length: 100 }, (_, i) => (i * 37) % 101);
    keys.forEach((key, slot) => heap.push(key, slot));
    expect(heap.peekKey()).toBe(0);
    const popped: number[] = [];
    while (heap.size > 0) popped.push(keys[heap.pop()]);
    expect(popped).toEqual([...keys].sort((a, b) => a - b));
    expect(heap.pop()).toBe(-1);
    expect(heap.peekKey()).toBe(Infinity);
  });
});
