/** A FIFO of slot numbers in a fixed ring: no allocation per push or shift. */
export class SlotFifo {
  private readonly ring: Int32Array;
  private head = 0;
  private length = 0;

  constructor(capacity: number) {
    this.ring = new Int32Array(Math.max(1, capacity));
  }

  get size(): number {
    return this.length;
  }

  /** Appends a slot; throws when full (a slot is never queued twice by its owner). */
  push(slot: number): void {
    if (this.length === this.ring.length) throw new Error('SlotFifo full');
    this.ring[(this.head + this.length) % this.ring.length] = slot;
    this.length++;
  }

  /** Removes and returns the oldest slot; -1 when empty. */
  shift(): number {
    if (this.length === 0) return -1;
    const slot = this.ring[this.head];
    this.head = (this.head + 1) % this.ring.length;
    this.length--;
    return slot;
  }
}

/** A binary min-heap of (time, slot) in typed arrays: what is due next, without allocation. */
export class SlotHeap {
  private readonly keys: Float64Array;
  private readonly slots: Int32Array;
  private length = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(1, capacity));
    this.slots = new Int32Array(Math.max(1, capacity));
  }

  get size(): number {
    return this.length;
  }

  /** Smallest key; Infinity when empty. */
  peekKey(): number {
    return this.length === 0 ? Infinity : this.keys[0];
  }

  push(key: number, slot: number): void {
    if (this.length === this.keys.length) throw new Error('SlotHeap full');
    let i = this.length++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent] <= key) break;
      this.keys[i] = this.keys[parent];
      this.slots[i] = this.slots[parent];
      i = parent;
    }
    this.keys[i] = key;
    this.slots[i] = slot;
  }

  /** Removes and returns the slot with the smallest key; -1 when empty. */
  pop(): number {
    if (this.length === 0) return -1;
    const top = this.slots[0];
    const lastKey = this.keys[--this.length];
    const lastSlot = this.slots[this.length];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.length) break;
      if (child + 1 < this.length && this.keys[child + 1] < this.keys[child]) child++;
      if (this.keys[child] >= lastKey) break;
      this.keys[i] = this.keys[child];
      this.slots[i] = this.slots[child];
      i = child;
    }
    this.keys[i] = lastKey;
    this.slots[i] = lastSlot;
    return top;
  }
}
