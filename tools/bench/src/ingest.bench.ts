import { Command } from 'commander';
import { positiveInt } from './lib/cli-args';
import { runIngestBench } from './lib/ingest-bench';
import { printResult } from './lib/measure';

/**
 * Ingest's cost per accepted message and its send-ack latency at a steady rate: one
 * ingest on a private nats-server, driven straight over `ingest.<room>` requests, viewers
 * within the default limits. One JSON line (see lib/ingest-bench.ts for the fields).
 */
const command = new Command()
  .name('ingest')
  .description('Accepted messages per ingest CPU second, nats-server CPU and bus operations per message, send-ack latency.')
  .option('--rate <n>', 'requests per second, steady', positiveInt, 2000)
  .option('--duration <s>', 'seconds measured', positiveInt, 10)
  .option('--warmup <s>', 'seconds sent first, not measured', positiveInt, 3)
  .option('--users <n>', 'viewer senders (the default viewer limit is 20 per 30 s)', positiveInt, 4000)
  .option('--rooms <n>', 'rooms the senders are spread over (the default room limit is 200/s)', positiveInt, 20)
  .option('--port-base <n>', 'nats, its monitoring, membership and ingest take this port and the next three', positiveInt, 42100)
  .option('--profile-dir <dir>', "write ingest's CPU profile (node --cpu-prof) here and report its hottest functions")
  .parse();

const options = command.opts<{ rate: number; duration: number; warmup: number; users: number; rooms: number; portBase: number; profileDir?: string }>();
const base = options.portBase;

runIngestBench({ ...options, ports: { nats: base, natsMonitor: base + 1, membership: base + 2, ingest: base + 3 } })
  .then(printResult)
  .catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
