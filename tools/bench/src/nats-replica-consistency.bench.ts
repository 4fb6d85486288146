import { Command, InvalidArgumentError } from 'commander';
import { positiveInt } from './lib/cli-args';
import { printResult } from './lib/measure';
import { runReplicaConsistency, type ConsistencyFaults } from './lib/replica-consistency';

const FAULTS: readonly ConsistencyFaults[] = ['kill', 'stop', 'mixed', 'none'];

function share(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('must be a number in [0, 1]');
  return n;
}

function faults(value: string): ConsistencyFaults {
  if (!FAULTS.includes(value as ConsistencyFaults)) throw new InvalidArgumentError(`must be one of ${FAULTS.join(', ')}`);
  return value as ConsistencyFaults;
}

/**
 * The cluster under livecast, on its own: does a 3-node JetStream cluster keep its R3
 * replicas identical when messages are published twice with the same Nats-Msg-Id (a
 * retry) while nodes are killed or paused? One JSON line (see lib/replica-consistency.ts).
 */
const command = new Command()
  .name('nats-replica-consistency')
  .description('Seq mismatches and replica divergence of an R3 stream under node faults and duplicate publishes.')
  .option('--duration <s>', 'seconds of faults', positiveInt, 120)
  .option('--duplicates <share>', 'share of messages published twice at once', share, 0.3)
  .option('--faults <kind>', `node faults: ${FAULTS.join(', ')}`, faults, 'mixed')
  .option('--subjects <n>', 'subjects, each read by a filtered consumer', positiveInt, 8)
  .option('--every <ms>', 'pause between publishes', positiveInt, 15)
  .parse();

const options = command.opts<{ duration: number; duplicates: number; faults: ConsistencyFaults; subjects: number; every: number }>();

runReplicaConsistency({ durationSec: options.duration, duplicates: options.duplicates, faults: options.faults, subjects: options.subjects, everyMs: options.every })
  .then(printResult)
  .catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
