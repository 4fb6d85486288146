/** A point in time for both clocks a benchmark reports: this process's CPU and the wall. */
export interface Mark {
  readonly cpu: NodeJS.CpuUsage;
  readonly wallNs: bigint;
}

/** CPU and wall time between two marks, in seconds. */
export interface Span {
  cpuSeconds: number;
  /** The kernel's share of cpuSeconds: on loopback it includes much of the receiving side's TCP work. */
  systemSeconds: number;
  wallSeconds: number;
}

/** Marks now. CPU is user + system of the whole process, every thread included (GC, libuv pool). */
export function mark(): Mark {
  return { cpu: process.cpuUsage(), wallNs: process.hrtime.bigint() };
}

/** Time elapsed since `from`. */
export function since(from: Mark): Span {
  const cpu = process.cpuUsage(from.cpu);
  return {
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    systemSeconds: cpu.system / 1e6,
    wallSeconds: Number(process.hrtime.bigint() - from.wallNs) / 1e9,
  };
}

/** CPU seconds this process has used so far (user + system). */
export function cpuSecondsNow(): number {
  const cpu = process.cpuUsage();
  return (cpu.user + cpu.system) / 1e6;
}

/** Rounds to `digits` significant-ish decimals so the JSON line stays readable. */
export function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Prints a benchmark's result as one JSON line on stdout (progress goes to stderr). */
export function printResult(result: object): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Progress for the human watching; stderr so stdout stays one JSON line. */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
