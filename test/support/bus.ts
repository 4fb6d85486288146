import { busIdentity } from '@livecast/contracts';
import { BusCredentials } from '@livecast/stack-runner';
import { connect, type NatsConnection } from 'nats';
import { natsServers, suiteEnv } from './suite-env';

/** The running suite's NATS credentials, or undefined when it runs on a NATS without auth. */
export function suiteCredentials(): BusCredentials | undefined {
  const snapshot = suiteEnv().natsCredentials;
  return snapshot && BusCredentials.restore(snapshot);
}

/** A raw NATS connection with full access (the operator user), for specs that inspect or attack the bus. */
export function connectOperator(servers: string | string[] = natsServers(), credentials = suiteCredentials()): Promise<NatsConnection> {
  return connect({ servers, ...(credentials ? { user: credentials.operator.user, pass: credentials.operator.password } : {}) });
}

/** A raw NATS connection as one of the suite's service identities, counting the permission violations the server reports to it. */
export async function connectAs(service: string, instanceId: string, credentials: BusCredentials): Promise<{ nc: NatsConnection; violations: () => number }> {
  const env = credentials.envFor(service, instanceId);
  const inboxPrefix = credentials.names.inboxPrefix(busIdentity(service, instanceId));
  const nc = await connect({ servers: natsServers(), user: env.NATS_USER, pass: env.NATS_PASSWORD, inboxPrefix });
  let violations = 0;
  void (async () => {
    for await (const status of nc.status()) if (String(status.data) === 'PERMISSIONS_VIOLATION') violations++;
  })();
  return { nc, violations: () => violations };
}
