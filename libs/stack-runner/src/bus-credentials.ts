import { Names, busIdentity, busPermissions, type BusIdentity } from '@livecast/contracts';
import { randomBytes } from 'node:crypto';
import type { NatsUser } from './nats-config';

/** A user name and password to connect with. */
export interface NatsLogin {
  user: string;
  password: string;
}

/** What another process needs to rebuild the same credentials (passwords included: keep it private). */
export interface BusCredentialsSnapshot {
  namespace: string;
  partitions: number;
  logins: { user: string; password: string; identity?: BusIdentity }[];
  operator: NatsLogin;
}

/**
 * The NATS users of one suite: one per service (one per gateway instance), each with the
 * permissions `busPermissions` derives for it and a random password, plus an operator
 * with full access for tests and tools. Render `users()` into the server's config.
 */
export class BusCredentials {
  private readonly logins = new Map<string, NatsLogin & { identity?: BusIdentity }>();
  readonly operator: NatsLogin;

  constructor(
    readonly names: Names,
    private readonly partitions: number,
    gatewayIds: string[] = [],
  ) {
    for (const service of ['membership', 'ingest', 'fanout'] as const) this.add(busIdentity(service, ''));
    for (const id of gatewayIds) this.addGateway(id);
    this.operator = { user: `${names.namespace}-operator`, password: newPassword() };
  }

  /** Provisions a gateway instance; a server already running needs a reload to learn it. */
  addGateway(instanceId: string): void {
    this.add(busIdentity('gateway', instanceId));
  }

  hasGateway(instanceId: string): boolean {
    return this.logins.has(this.names.natsUser({ service: 'gateway', instanceId }));
  }

  /** The environment a service instance connects with. */
  envFor(service: string, instanceId: string): Record<string, string> {
    const login = this.logins.get(this.names.natsUser(busIdentity(service, instanceId)));
    if (!login) throw new Error(`no NATS user for ${service} ${instanceId}: add it before starting it`);
    return { NATS_USER: login.user, NATS_PASSWORD: login.password };
  }

  /** Every user with its permissions, the operator last. */
  users(): NatsUser[] {
    const services = [...this.logins.values()].map(({ user, password, identity }) => ({
      user,
      password: { value: password },
      permissions: identity && busPermissions(this.names, identity, { partitions: this.partitions }),
    }));
    return [...services, { user: this.operator.user, password: { value: this.operator.password } }];
  }

  snapshot(): BusCredentialsSnapshot {
    return { namespace: this.names.namespace, partitions: this.partitions, logins: [...this.logins.values()], operator: this.operator };
  }

  /** The credentials a snapshot was taken of, e.g. in a test worker process. */
  static restore(snapshot: BusCredentialsSnapshot): BusCredentials {
    const restored = new BusCredentials(new Names(snapshot.namespace), snapshot.partitions);
    restored.logins.clear();
    for (const login of snapshot.logins) restored.logins.set(login.user, login);
    Object.assign(restored.operator, snapshot.operator);
    return restored;
  }

  private add(identity: BusIdentity): void {
    const user = this.names.natsUser(identity);
    if (!this.logins.has(user)) this.logins.set(user, { user, password: newPassword(), identity });
  }
}

function newPassword(): string {
  return randomBytes(18).toString('base64url');
}
