import { emptyHistogram, type HistogramData } from './histogram';

/** Frame-window stats of one message class across viewers (see WindowCounter). */
export interface WindowStats {
  [key: string]: number | HistogramData;
  /** Per (viewer, second) message counts. */
  windows: HistogramData;
  /** Per viewer: its busiest second. */
  viewerMax: HistogramData;
  maxWindow: number;
}

/** What viewers of a flood saw. */
export interface FloodViewerStats {
  [key: string]: number | HistogramData | WindowStats;
  frames: number;
  normal: number;
  priority: number;
  /** Sum of frames' shaped.likes and shaped.dropped over every viewer. */
  likesCounted: number;
  droppedCounted: number;
  /** Sum of frames' `skipped` (frames the gateway did not write to a slow socket). */
  skippedFrames: number;
  /** Frames whose prevSeq did not follow the viewer's last toSeq. */
  gaps: number;
  normalWindows: WindowStats;
  priorityWindows: WindowStats;
  /** Seconds measured (the same in every worker). */
  maxWindowsClosed: number;
}

/** What senders of a flood did. */
export interface FloodSenderStats {
  [key: string]: number | HistogramData;
  sent: number;
  acked: number;
  duplicates: number;
  priorityAcked: number;
  /** Messages the pacer could not send (no sender free) — the rate was not reached. */
  missed: number;
  ack: HistogramData;
}

/** What churning viewers did. */
export interface ChurnStats {
  [key: string]: number | HistogramData | Record<string, number>;
  issued: number;
  missed: number;
  joins: number;
  leaves: number;
  joinAck: HistogramData;
  leaveAck: HistogramData;
  /** Successful joins by gateway index, to price a join on each gateway. */
  joinsByGateway: Record<string, number>;
  leavesByGateway: Record<string, number>;
}

/** One worker's report; merged in the parent with mergeStats (key names say how). */
export interface WorkerStats {
  connections: { target: number; opened: number; failed: number; joined: number; viewersJoined: number; disconnected: number };
  /** Handshake time, µs. */
  handshake: HistogramData;
  /** Join ack time of the joins made while connecting (idle, flood, storm), µs. */
  joinAck: HistogramData;
  /** Connection phase: from the first connect until the last one finished, ms. */
  maxConnectMs: number;
  errors: Record<string, number>;
  disconnectReasons: Record<string, number>;
  cpu: { connectUs: number; runUs: number; totalUs: number };
  maxRssBytes: number;
  rssBytes: number;
  /** Event-loop delay of the busiest worker, µs: a high p99 means the load generator itself was the bottleneck. */
  maxLoopDelayP99Us: number;
  maxLoopDelayUs: number;
  decoder: { hits: number; misses: number };
  churn?: ChurnStats;
  floodViewers?: FloodViewerStats;
  floodSenders?: FloodSenderStats;
}

/** Fresh stats for a worker that will open `target` connections. */
export function createWorkerStats(target: number): WorkerStats {
  return {
    connections: { target, opened: 0, failed: 0, joined: 0, viewersJoined: 0, disconnected: 0 },
    handshake: emptyHistogram(),
    joinAck: emptyHistogram(),
    maxConnectMs: 0,
    errors: {},
    disconnectReasons: {},
    cpu: { connectUs: 0, runUs: 0, totalUs: 0 },
    maxRssBytes: 0,
    rssBytes: 0,
    maxLoopDelayP99Us: 0,
    maxLoopDelayUs: 0,
    decoder: { hits: 0, misses: 0 },
  };
}

/** Counts one occurrence of `code` in a by-code record. */
export function countCode(record: Record<string, number>, code: string): void {
  record[code] = (record[code] ?? 0) + 1;
}
