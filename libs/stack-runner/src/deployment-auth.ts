import { busIdentity, busPermissions, type BusIdentity, type Names } from '@livecast/contracts';
import { stringify } from 'yaml';
import { renderAuthorization, type NatsUser } from './nats-config';

/** What a deployment's NATS authorization is generated from. */
export interface DeploymentAuthOptions {
  names: Names;
  partitions: number;
  /** INSTANCE_ID of every gateway: each reports presence as itself, so each is a user. */
  gatewayIds: string[];
}

/** The environment variable nats-server reads a user's password from, e.g. `NATS_PASSWORD_LC_GATEWAY_GATEWAY_1`. */
export function passwordVariable(user: string): string {
  return `NATS_PASSWORD_${user.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** The identities of a deployment: membership, ingest, fan-out and each gateway. */
export function deploymentIdentities(gatewayIds: string[]): BusIdentity[] {
  return [busIdentity('membership', ''), busIdentity('ingest', ''), busIdentity('fanout', ''), ...gatewayIds.map((id) => busIdentity('gateway', id))];
}

/**
 * The `authorization` block for a deployment (compose, a cluster): every service's user
 * with its permissions, passwords left to the server's environment so no secret is in
 * the file. Adding a gateway means regenerating this and reloading nats-server (SIGHUP).
 */
export function deploymentAuthorization(options: DeploymentAuthOptions): string {
  const users: NatsUser[] = deploymentIdentities(options.gatewayIds).map((identity) => {
    const user = options.names.natsUser(identity);
    return { user, password: { env: passwordVariable(user) }, permissions: busPermissions(options.names, identity, { partitions: options.partitions }) };
  });
  return renderAuthorization(users);
}

/** The whole generated file: how it was made, which variables the server needs, then the block. */
export function deploymentAuthFile(options: DeploymentAuthOptions): string {
  const variables = deploymentIdentities(options.gatewayIds).map((identity) => {
    const user = options.names.natsUser(identity);
    return `#   ${passwordVariable(user).padEnd(44)} password of ${user}`;
  });
  const command = `npm run -s nats-auth -- --namespace ${options.names.namespace} --partitions ${options.partitions} --gateways ${options.gatewayIds.join(',')}`;
  return [
    '# livecast NATS users and permissions (nats-server 2.9). GENERATED from busPermissions in',
    `# libs/contracts; do not edit. Regenerate: ${command}`,
    '# A user per service and per gateway instance: a gateway may publish presence only as itself.',
    '# nats-server reads each password from its environment:',
    ...variables,
    '',
    deploymentAuthorization(options),
  ].join('\n');
}

/** The pod names a StatefulSet of `replicas` gives (`gateway-0` …), i.e. its gateways' INSTANCE_IDs. */
export function statefulSetPodNames(name: string, replicas: number): string[] {
  return Array.from({ length: replicas }, (_, ordinal) => `${name}-${ordinal}`);
}

/** The file name of the authorization block inside the chart's ConfigMap (next to nats.conf). */
export const HELM_AUTH_FILE = 'livecast-auth.conf';

/** The key of a user's password in the Kubernetes Secret: the user name itself. */
export const secretKeyOf = (user: string): string => user;

/**
 * The Secret holding an identity's password: gateways' passwords apart from the services',
 * since every gateway pod mounts all gateway passwords (a StatefulSet has one pod template).
 */
export function secretNameOf(secretName: string, identity: BusIdentity): string {
  return identity.service === 'gateway' ? `${secretName}-gateways` : secretName;
}

/**
 * Values for the official NATS Helm chart (`-f` after deploy/nats/values.yaml): the
 * authorization block as a file the chart's ConfigMap carries and its config includes, and
 * every password handed to nats-server from the Secrets `secretName` and `<secretName>-gateways`
 * (keyed by user name).
 */
export function deploymentHelmValues(options: DeploymentAuthOptions & { secretName: string; command: string }): string {
  const env = Object.fromEntries(
    deploymentIdentities(options.gatewayIds).map((identity) => {
      const user = options.names.natsUser(identity);
      return [passwordVariable(user), { valueFrom: { secretKeyRef: { name: secretNameOf(options.secretName, identity), key: secretKeyOf(user) } } }];
    }),
  );
  const values = {
    config: { merge: { [`00$include`]: HELM_AUTH_FILE } },
    configMap: { merge: { data: { [HELM_AUTH_FILE]: deploymentAuthorization(options) } } },
    container: { env },
  };
  return [
    '# livecast NATS users and permissions for the official NATS chart. GENERATED from busPermissions',
    `# in libs/contracts; do not edit. Regenerate: ${options.command}`,
    `# nats-server reads each password from the Secrets ${options.secretName} and ${options.secretName}-gateways (one key per user; deploy/README.md).`,
    stringify(values, { lineWidth: 0 }),
  ].join('\n');
}
