import type { Role } from '@livecast/contracts';

/** How to open one load-generator connection. */
export interface ClientSpec {
  /** Gateway base URL (http://host:port). */
  url: string;
  userId: string;
  role: Role;
  /** A token for userId/role (minted by the caller). */
  token: string;
  /** Loopback source address to bind (127.0.0.x), so one address's ephemeral ports are not the limit. */
  localAddress?: string;
  timeoutMs: number;
}

/** Called with an event's acknowledgement (`{ ok, ... }`). */
export type AckHandler = (ack: never) => void;

/**
 * The little of a socket.io client that scenarios use. Two implementations: the official
 * socket.io-client (fidelity) and a lean protocol client over `ws` (cost), chosen with
 * `--client`.
 */
export interface LoadClient {
  readonly connected: boolean;
  /** Resolves once the socket.io session is up; rejects with an error whose message is a code. */
  whenConnected(): Promise<void>;
  /**
   * Emits `event` and calls `ack` with the reply. `json`, when given, must be
   * JSON.stringify(payload): callers that send the same payload often encode it once.
   */
  emit(event: string, payload: object, ack: AckHandler, json?: string): void;
  /** Listens to a server event, or to `disconnect` (called with a reason). */
  on(event: string, listener: (payload: never) => void): void;
  /** Closes the connection. */
  close(): void;
}

/** Opens a client; each implementation module exports one. */
export type ClientFactory = (spec: ClientSpec) => LoadClient;

/** Emits with an ack that fails with `TIMEOUT` after `timeoutMs` (for the rare, non-hot-path emits). */
export function emitWithTimeout<T>(client: LoadClient, event: string, payload: object, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('TIMEOUT')), timeoutMs);
    client.emit(event, payload, ((ack: T) => {
      clearTimeout(timer);
      resolve(ack);
    }) as AckHandler);
  });
}

/** An error code for a failed handshake: the server's code when it sent one. */
export function connectErrorCode(message: string, data?: { code?: unknown }): string {
  if (typeof data?.code === 'string') return data.code;
  return `CONNECT_${message.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`.slice(0, 40);
}
