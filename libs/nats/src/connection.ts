import { connect, type NatsConnection } from 'nats';
import type { NatsAuthOptions } from './credentials';
import type { BusLogger, BusObserver } from './types';

/** How a process reaches NATS. */
export interface BusConnectionOptions {
  servers: string;
  /** Shown in the server's connection list (`nats server report connections`). */
  name: string;
  /** Credentials and TLS (see `natsAuthOptions`). */
  auth: NatsAuthOptions;
  /** Prefix of this identity's reply subjects: the only inboxes its permissions let it subscribe to. */
  inboxPrefix: string;
  logger: BusLogger;
  observer?: BusObserver;
}

/**
 * Opens the process's one NATS connection. It reconnects forever: a service outlives a
 * NATS restart instead of exiting, and its subscriptions are restored by the client.
 */
export async function openBusConnection(options: BusConnectionOptions): Promise<NatsConnection> {
  const nc = await connect({
    servers: options.servers.split(',').map((s) => s.trim()),
    name: options.name,
    authenticator: options.auth.authenticator,
    tls: options.auth.tls,
    inboxPrefix: options.inboxPrefix,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    reconnectJitter: 250,
    pingInterval: 10_000,
    waitOnFirstConnect: true,
  });
  options.logger.info({ server: nc.getServer(), ...options.auth.describe }, 'nats connected');
  void watchStatus(nc, options);
  return nc;
}

async function watchStatus(nc: NatsConnection, options: BusConnectionOptions): Promise<void> {
  for await (const status of nc.status()) {
    options.observer?.connectionStatus?.(status.type);
    if (status.type === 'pingTimer') continue;
    const level = status.type === 'error' || status.type === 'disconnect' ? 'warn' : 'info';
    options.logger[level]({ status: status.type, data: String(status.data) }, 'nats status');
  }
}
