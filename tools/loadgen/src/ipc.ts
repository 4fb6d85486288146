import type { WorkerPlan } from './plan';
import type { WorkerStats } from './worker-stats';

/** Parent → worker. */
export type ParentMessage =
  | { type: 'init'; plan: WorkerPlan }
  /** Start the measured phase `startInMs` from now and run it for `durationMs`. */
  | { type: 'run'; startInMs: number; durationMs: number }
  /** Close every connection and exit. */
  | { type: 'close' };

/** Live counters a worker reports twice a second. */
export interface WorkerProgress {
  connected: number;
  failed: number;
  /** churn: acked joins+leaves; flood: acked messages; idle: 0. */
  ops: number;
  errors: number;
}

/** Worker → parent. */
export type WorkerMessage =
  | { type: 'progress'; worker: number; progress: WorkerProgress }
  /** Every connection of the worker was attempted (and joined its room, where the scenario joins one). */
  | { type: 'connected'; worker: number }
  /** flood: sender acks as (seq, sent, acked, priority) and sample receipts as (seq, received), wall ms. */
  | { type: 'e2e'; worker: number; acks: Float64Array; receipts: Float64Array }
  | { type: 'result'; worker: number; stats: WorkerStats }
  | { type: 'fatal'; worker: number; message: string };
