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
