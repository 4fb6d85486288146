import { Names, busIdentity, receiptedInboxOf } from '@livecast/contracts';
import { BusCredentials } from '@livecast/stack-runner';
import { connect, type NatsConnection } from 'nats';
import { natsServers, suiteEnv } from './suite-env';

/** The running suite's NATS credentials, or undefined when it runs on a NATS without auth. */
export function suiteCredentials(): BusCredentials | undefined {
  const snapshot = suiteEnv().natsCredentials;
  return snapshot && BusCredentials.restore(snapshot);
}

/**
 * A raw NATS connection with full access (the operator user), for specs that inspect or
 * attack the bus. `inboxPrefix`: where its requests take their replies (ingest answers only
 * into a gateway's receipted inbox, see `asGatewayRequester`).
 */
export function connectOperator(servers: string | string[] = natsServers(), credentials = suiteCredentials(), inboxPrefix?: string): Promise<NatsConnection> {
  return connect({ servers, inboxPrefix, ...(credentials ? { user: credentials.operator.user, pass: credentials.operator.password } : {}) });
}

/** The inbox prefix that lets a spec's requests to ingest be answered as a gateway's are (ADR 0023). */
export function asGatewayRequester(namespace: string, gatewayId = 'gateway-1'): string {
  return receiptedInboxOf(new Names(namespace).inboxPrefix(busIdentity('gateway', gatewayId)));
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
