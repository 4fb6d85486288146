import type { ClientKind } from './client-factory';
import type { Mix } from './mix';
import type { WatchedProcess } from './process-cpu';

/** The load shapes. */
export type Scenario = 'churn' | 'idle' | 'flood' | 'storm';
/** Every scenario, for the CLI's choices. */
export const SCENARIOS: readonly Scenario[] = ['churn', 'idle', 'flood', 'storm'];

/** Validated options of one run (after defaults per scenario were applied). */
export interface LoadgenOptions {
  scenario: Scenario;
  /** Connection implementation: the lean protocol client (default) or socket.io-client. */
  client: ClientKind;
  gateways: string[];
  membership: string;
  /** Other services whose /metrics CPU and RSS are reported (membership is added). */
  services: string[];
  /** Processes without /metrics (nats-server, redis-server) whose CPU is read from /proc. */
  processes: WatchedProcess[];
  viewers: number;
  rooms: number;
  durationSec: number;
  /** churn: join+leave ops/s; flood: messages/s; idle: unused. */
  rate: number;
  /** 0 = auto (one per 15K connections). */
  workers: number;
  /** Empty = let the kernel choose (or auto when one address per gateway would run out of ports). */
  sourceAddresses: string[];
  connectRate: number;
  connectConcurrency: number;
  ackTimeoutMs: number;
  /** churn: how long a viewer stays in a room, [min, max] ms; undefined = derived from rate and viewers. */
  dwellMs?: [number, number];
  /** flood: viewer-role senders (chat, like, gift); undefined = enough for the rate at `senderRate` each. */
  senders?: number;
  senderRate: number;
  /** flood: admin-role senders of system messages; undefined = enough at `systemSenderRate` each. */
  systemSenders?: number;
  systemSenderRate: number;
  mix: Mix;
  sampleViewers: number;
  drainMs: number;
  settleMs: number;
  jwtSecret: string;
  runId: string;
  out?: string;
  progress: boolean;
}

/** Per-scenario defaults of the options whose sensible value depends on the scenario. */
export const SCENARIO_DEFAULTS: Record<Scenario, { rooms: number; rate: number; viewers: number }> = {
  churn: { rooms: 100, rate: 1000, viewers: 1000 },
  idle: { rooms: 0, rate: 0, viewers: 1000 },
  flood: { rooms: 1, rate: 500, viewers: 1000 },
  storm: { rooms: 1, rate: 0, viewers: 10_000 },
};

/** Parses `2000`, `2000/s` or `120000/m` into a per-second rate. */
export function parseRate(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(s|m))?\s*$/.exec(text);
  if (!match) throw new Error(`not a rate: "${text}" (use 2000 or 2000/s)`);
  const value = Number(match[1]);
  return match[2] === 'm' ? value / 60 : value;
}

/** Parses `500` or `200-2000` (ms) into [min, max]. */
export function parseRange(text: string): [number, number] {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:-\s*(\d+(?:\.\d+)?))?\s*$/.exec(text);
  if (!match) throw new Error(`not a range: "${text}" (use 500 or 200-2000)`);
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : Number(match[2]);
  if (max < min) throw new Error(`range "${text}": max is below min`);
  return [min, max];
}

/** Splits a comma-separated list, trimming and dropping empties. */
export function parseList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Parses a whole number >= `min`. */
export function parseCount(text: string, name: string, min = 0): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number >= ${min}, got "${text}"`);
  return value;
}

/** Parses a number > 0. */
export function parsePositive(text: string, name: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a number > 0, got "${text}"`);
  return value;
}

/** A run id usable in room and user ids: `lg` and the time in base 36. */
export function defaultRunId(now = Date.now()): string {
  return `lg${now.toString(36)}`;
}

/** Checks combinations a single option parser cannot see; throws on nonsense. */
export function validateOptions(o: LoadgenOptions): void {
  if (o.gateways.length === 0) throw new Error('--gateways: at least one gateway URL');
  if (o.viewers < 1) throw new Error('--viewers must be >= 1');
  if (o.scenario === 'churn' && o.rooms < 1) throw new Error('churn needs --rooms >= 1');
  if ((o.scenario === 'churn' || o.scenario === 'flood') && !(o.rate > 0)) throw new Error(`${o.scenario} needs --rate > 0`);
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(o.runId)) throw new Error('--run-id: 1-40 of A-Z a-z 0-9 _ -');
  if (o.sampleViewers < 1 && o.scenario === 'flood') throw new Error('flood needs --sample-viewers >= 1');
}
