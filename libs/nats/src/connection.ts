import { connect, type NatsConnection } from 'nats';
import type { NatsAuthOptions } from './credentials';
import type { BusLogger, BusObserver } from './types';

/** One connect attempt; the ping period (NATS_PING_INTERVAL_MS) is the caller's. */
const CONNECT_ATTEMPT_TIMEOUT_MS = 1500;

/** How a process reaches NATS. */
export interface BusConnectionOptions {
  servers: string;
  /**
   * Ping period. The client gives a server up when a third ping finds two unanswered, then
   * may try it once more: a frozen (SIGSTOPped, partitioned) node that keeps its TCP open is
   * left after about 3 periods + one connect attempt.
   */
  pingIntervalMs: number;
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
 * A NATS that is not there yet is waited for; one that refuses the login or whose TLS
 * certificate does not verify fails the start at once, with the reason: retrying would
 * not fix a configuration. Once connected, even a refused login is retried (a rotation
 * may reach the server after the service).
 */
export async function openBusConnection(options: BusConnectionOptions, retryMs = 500): Promise<NatsConnection> {
  for (let attempt = 0; ; attempt++) {
    try {
      const nc = await connect({
        servers: options.servers.split(',').map((s) => s.trim()),
        name: options.name,
        authenticator: options.auth.authenticator,
        tls: options.auth.tls,
        inboxPrefix: options.inboxPrefix,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 500,
        reconnectJitter: 250,
        pingInterval: options.pingIntervalMs,
        maxPingOut: 2,
        // A frozen node still completes the TCP handshake (the kernel answers), then never
        // sends INFO: without a short attempt timeout a reconnect sits on it for 20 s.
        timeout: CONNECT_ATTEMPT_TIMEOUT_MS,
        ignoreAuthErrorAbort: true,
        // Otherwise every request and JetStream publish captures a stack trace up front (two
        // Error objects) just in case it fails: ~15 % of ingest's CPU per message, measured.
        noAsyncTraces: true,
      });
      options.logger.info({ server: nc.getServer(), ...options.auth.describe }, 'nats connected');
      void watchStatus(nc, options);
      return nc;
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      if (isRefusal(code)) throw new Error(`NATS refused this service (${JSON.stringify(options.auth.describe)}): ${code} ${(err as Error).message}`, { cause: err });
      if (attempt === 0) options.logger.warn({ servers: options.servers, reason: code || String(err) }, 'nats not reachable yet: waiting');
      await new Promise((r) => setTimeout(r, retryMs));
    }
  }
}

/** Failures that are the configuration's, not the network's. */
function isRefusal(code: string): boolean {
  return code === 'AUTHORIZATION_VIOLATION' || code === 'AUTHENTICATION_EXPIRED' || code === 'PERMISSIONS_VIOLATION' || /CERT|TLS|LEAF_SIGNATURE|SELF_SIGNED/.test(code);
}

async function watchStatus(nc: NatsConnection, options: BusConnectionOptions): Promise<void> {
  for await (const status of nc.status()) {
    options.observer?.connectionStatus?.(status.type);
    if (status.type === 'pingTimer') continue;
    const level = status.type === 'error' || status.type === 'disconnect' ? 'warn' : 'info';
    options.logger[level]({ status: status.type, data: String(status.data) }, 'nats status');
  }
}
