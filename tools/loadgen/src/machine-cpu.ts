import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

/** Cumulative CPU time of the whole machine, in clock ticks (from /proc/stat). */
export interface MachineTicks {
  busy: number;
  total: number;
}

/** Parses the aggregate `cpu` line of /proc/stat; undefined when absent. */
export function parseProcStat(text: string): MachineTicks | undefined {
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return undefined;
  const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (fields.length < 5 || fields.some((n) => !Number.isFinite(n))) return undefined;
  const total = fields.reduce((sum, n) => sum + n, 0);
  const idle = fields[3] + fields[4]; // idle + iowait
  return { busy: total - idle, total };
}

/** Reads the machine's CPU counters now; undefined off Linux. */
export function readMachineTicks(): MachineTicks | undefined {
  try {
    return parseProcStat(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * How busy the whole machine was between two readings: with services, NATS and the load
 * generator sharing a few cores, a phase near 100% means latencies measure CPU queueing.
 */
export function machineReport(before: MachineTicks | undefined, after: MachineTicks | undefined) {
  const cores = cpus().length;
  const busyPercent = before && after && after.total > before.total ? Math.round((1000 * (after.busy - before.busy)) / (after.total - before.total)) / 10 : null;
  return { cores, busyPercent, busyCores: busyPercent === null ? null : Math.round(busyPercent * cores) / 100, loadavg1m: Math.round(loadavg()[0] * 100) / 100 };
}
