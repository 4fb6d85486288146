import { ServerEvent, type RoomFrame } from '@livecast/contracts';
import { classify } from '@livecast/shaping';
import type { LoadClient } from './load-client';
import { WindowCounter } from './window-counter';
import type { FloodViewerStats, WindowStats } from './worker-stats';

/** Normal and priority message counts of one frame. */
interface FrameCounts {
  normal: number;
  priority: number;
}

const wallNow = () => performance.timeOrigin + performance.now();

/**
 * What flood viewers receive: per-viewer messages per second split normal/priority
 * (window counters), frame gaps and shaping counters, and for sample viewers the arrival
 * time of every seq (for end-to-end latency). Viewers of one process share decoded frame
 * objects (see shared-decoder), so a frame's counts are computed once and reused.
 */
export class FloodRecorder {
  private readonly normal: WindowCounter;
  private readonly priority: WindowCounter;
  private readonly lastToSeq: Float64Array;
  private readonly sample: Uint8Array;
  private readonly totals = { frames: 0, normal: 0, priority: 0, likesCounted: 0, droppedCounted: 0, skippedFrames: 0, gaps: 0 };
  private receipts: number[] = [];
  private counting = false;
  private recording = false;
  private windowTimer?: NodeJS.Timeout;
  private memoFrame?: RoomFrame;
  private memoCounts: FrameCounts = { normal: 0, priority: 0 };

  constructor(viewers: number, sampleSlots: readonly number[]) {
    this.normal = new WindowCounter(viewers);
    this.priority = new WindowCounter(viewers);
    this.lastToSeq = new Float64Array(viewers);
    this.sample = new Uint8Array(viewers);
    for (const slot of sampleSlots) this.sample[slot] = 1;
  }

  /** Starts listening to a viewer's frames. */
  attach(slot: number, client: LoadClient): void {
    client.on(ServerEvent.RoomFrame, (frame: RoomFrame) => this.onFrame(slot, frame));
  }

  /** Remembers where a viewer's stream starts (its join ack's lastSeq), for gap detection. */
  joined(slot: number, lastSeq: number): void {
    this.lastToSeq[slot] = lastSeq;
  }

  /** Starts the measured period: 1-s windows and totals, and sample receipts. */
  start(): void {
    this.counting = true;
    this.recording = true;
    let last = performance.now();
    this.windowTimer = setInterval(() => {
      // A timer that fires late (a busy event loop) makes a longer window: count per second.
      const now = performance.now();
      const scale = 1000 / (now - last);
      last = now;
      this.normal.close(scale);
      this.priority.close(scale);
    }, 1000);
  }

  /** Ends the counted period (the partial window is dropped); sample receipts go on until `stopRecording`. */
  stopCounting(): void {
    clearInterval(this.windowTimer);
    this.counting = false;
    this.normal.discard();
    this.priority.discard();
  }

  stopRecording(): void {
    this.recording = false;
  }

  /** Sample receipts since the last call, flattened as (seq, wall ms) pairs. */
  takeReceipts(): number[] {
    const taken = this.receipts;
    this.receipts = [];
    return taken;
  }

  /** Totals and window histograms so far. */
  stats(): FloodViewerStats {
    const normal = this.normal.result();
    const priority = this.priority.result();
    const windows = (r: typeof normal): WindowStats => ({ windows: r.windows, viewerMax: r.slotMax, maxWindow: r.maxWindow });
    return { ...this.totals, normalWindows: windows(normal), priorityWindows: windows(priority), maxWindowsClosed: normal.closed };
  }

  private onFrame(slot: number, frame: RoomFrame): void {
    if (!this.recording) return;
    if (this.sample[slot] === 1) {
      const at = wallNow();
      for (const message of frame.messages) this.receipts.push(message.seq, at);
    }
    const last = this.lastToSeq[slot];
    if (frame.toSeq > last) this.lastToSeq[slot] = frame.toSeq;
    if (!this.counting) return;
    const counts = this.countsOf(frame);
    const t = this.totals;
    t.frames++;
    t.normal += counts.normal;
    t.priority += counts.priority;
    t.likesCounted += frame.shaped.likes;
    t.droppedCounted += frame.shaped.dropped;
    if (frame.skipped) t.skippedFrames += frame.skipped;
    else if (frame.prevSeq !== undefined && last > 0 && frame.prevSeq > last) t.gaps++;
    this.normal.add(slot, counts.normal);
    this.priority.add(slot, counts.priority);
  }

  /** The shaper's classes: system, gifts and staff senders are priority; likes fold into counters. */
  private countsOf(frame: RoomFrame): FrameCounts {
    if (frame === this.memoFrame) return this.memoCounts;
    let normal = 0;
    let priority = 0;
    for (const m of frame.messages) {
      if (classify(m) === 'priority') priority++;
      else normal++;
    }
    this.memoFrame = frame;
    this.memoCounts = { normal, priority };
    return this.memoCounts;
  }
}
