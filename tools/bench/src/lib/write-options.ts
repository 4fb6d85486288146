import { Command, InvalidArgumentError } from 'commander';

/** The workload of a frame-write benchmark. */
export interface WriteBenchOptions {
  sockets: number;
  frameBytes: number;
  /** Frames per second written to every socket. */
  rate: number;
  /** Seconds measured (after the warm-up). */
  duration: number;
  /** Seconds written before measuring, so the JIT and socket buffers settle. */
  warmup: number;
  clientProcs: number;
}

function positive(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive number`);
    return n;
  };
}

/** A command with the options every write benchmark shares; callers add their own and parse. */
export function writeBenchCommand(name: string, description: string, defaultClientProcs = 1): Command {
  return new Command()
    .name(name)
    .description(description)
    .option('--sockets <n>', 'connected sockets', positive('sockets'), 1000)
    .option('--frame-bytes <n>', 'payload JSON bytes per frame', positive('frame-bytes'), 300)
    .option('--rate <n>', 'frames per second written to every socket', positive('rate'), 20)
    .option('--duration <s>', 'seconds measured', positive('duration'), 10)
    .option('--warmup <s>', 'seconds written before measuring', positive('warmup'), 2)
    .option('--client-procs <n>', 'child processes holding the client sockets', positive('client-procs'), defaultClientProcs);
}

/** The shared options of a parsed write-benchmark command. */
export function writeBenchOptions(command: Command): WriteBenchOptions {
  const o = command.opts<WriteBenchOptions>();
  return {
    sockets: Math.round(o.sockets),
    frameBytes: Math.round(o.frameBytes),
    rate: o.rate,
    duration: o.duration,
    warmup: o.warmup,
    clientProcs: Math.round(o.clientProcs),
  };
}
