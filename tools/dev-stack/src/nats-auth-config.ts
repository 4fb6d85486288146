import { Names } from '@livecast/contracts';
import { deploymentAuthFile, deploymentHelmValues, statefulSetPodNames } from '@livecast/stack-runner';
import { Command, InvalidArgumentError, Option } from 'commander';

const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1024) throw new InvalidArgumentError('an integer in [1, 1024]');
  return n;
};

const program = new Command()
  .name('nats-auth')
  .description('Prints the nats-server authorization for a deployment: a user per service and per gateway, least-privilege permissions.')
  .option('--namespace <ns>', 'NATS_NAMESPACE of the deployment', 'lc')
  .option('--partitions <n>', 'PARTITIONS of the deployment', positive, 8)
  .addOption(new Option('--gateways <ids>', 'comma-separated INSTANCE_ID of every gateway').default('gateway-1,gateway-2').conflicts('gatewayStatefulset'))
  .option('--gateway-statefulset <replicas>', 'gateways are the pods gateway-0 … gateway-<replicas-1> of a StatefulSet (Kubernetes)', positive)
  .addOption(new Option('--format <format>', 'conf: a nats-server include file; helm: values for the official NATS chart').choices(['conf', 'helm']).default('conf'))
  .option('--secret <name>', 'helm: the Kubernetes Secret holding one password per user', 'livecast-nats')
  .parse();

const options = program.opts<{ namespace: string; partitions: number; gateways: string; gatewayStatefulset?: number; format: 'conf' | 'helm'; secret: string }>();
const gatewayIds = options.gatewayStatefulset ? statefulSetPodNames('gateway', options.gatewayStatefulset) : options.gateways.split(',').map((s) => s.trim());
const auth = { names: new Names(options.namespace), partitions: options.partitions, gatewayIds };
const command = `npm run -s nats-auth -- ${process.argv.slice(2).join(' ')}`.trimEnd();
process.stdout.write(options.format === 'helm' ? deploymentHelmValues({ ...auth, secretName: options.secret, command }) : deploymentAuthFile(auth));
