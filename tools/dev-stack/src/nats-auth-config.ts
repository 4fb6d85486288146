import { Names } from '@livecast/contracts';
import { deploymentAuthFile } from '@livecast/stack-runner';
import { Command, InvalidArgumentError } from 'commander';

const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1024) throw new InvalidArgumentError('an integer in [1, 1024]');
  return n;
};

const program = new Command()
  .name('nats-auth')
  .description('Prints the nats-server authorization block for a deployment: a user per service and per gateway, least-privilege permissions.')
  .option('--namespace <ns>', 'NATS_NAMESPACE of the deployment', 'lc')
  .option('--partitions <n>', 'PARTITIONS of the deployment', positive, 8)
  .option('--gateways <ids>', 'comma-separated INSTANCE_ID of every gateway', 'gateway-1,gateway-2')
  .parse();

const options = program.opts<{ namespace: string; partitions: number; gateways: string }>();
process.stdout.write(deploymentAuthFile({ names: new Names(options.namespace), partitions: options.partitions, gatewayIds: options.gateways.split(',').map((s) => s.trim()) }));
