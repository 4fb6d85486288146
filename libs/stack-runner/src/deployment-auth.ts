import { busIdentity, busPermissions, type BusIdentity, type Names } from '@livecast/contracts';
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
