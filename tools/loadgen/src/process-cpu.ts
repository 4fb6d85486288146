import type { WatchedProcess } from '@livecast/stack-runner';

export { readProcesses, type ProcessReading, type WatchedProcess } from '@livecast/stack-runner';

/** Parses `nats=1234,redis=5678`. */
export function parsePids(text: string): WatchedProcess[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((entry) => {
      const match = /^([A-Za-z0-9_.-]{1,40})=(\d+)$/.exec(entry);
      if (!match) throw new Error(`--pids: "${entry}" is not name=pid`);
      return { name: match[1], pid: Number(match[2]) };
    });
}
