import { readFileSync } from 'node:fs';

/** A process whose CPU and memory a run reports (a service, nats-server, redis-server, …). */
export interface WatchedProcess {
  name: string;
  pid: number;
}

/** CPU and memory of one process at one moment. */
export interface ProcessReading {
  cpuSeconds: number;
  rssBytes: number;
}

// Linux reports utime/stime in clock ticks of USER_HZ, 100 on every mainstream build.
const TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

/** Parses /proc/<pid>/stat; undefined when it does not look like one. */
export function parsePidStat(text: string): ProcessReading | undefined {
  // The command name (field 2) is in parentheses and may contain spaces: fields count from after it.
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const fields = text.slice(close + 2).trim().split(/\s+/);
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const rssPages = Number(fields[21]);
  if (![utime, stime, rssPages].every(Number.isFinite)) return undefined;
  return { cpuSeconds: (utime + stime) / TICKS_PER_SECOND, rssBytes: rssPages * PAGE_BYTES };
}

/** Reads every watched process now; a process that is gone reads as undefined. */
export function readProcesses(processes: readonly WatchedProcess[]): (ProcessReading | undefined)[] {
  return processes.map(({ pid }) => {
    try {
      return parsePidStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return undefined;
    }
  });
}
