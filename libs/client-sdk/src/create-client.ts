import { ErrorCode, LivecastError, type ClientToServerEvents, type ServerToClientEvents } from '@livecast/contracts/client';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { DEFAULT_FAILOVER, FailoverSocket } from './failover-socket';
import { LivecastClient } from './livecast-client';
import { DEFAULT_REFRESH_LEAD_MS, TokenRefresher } from './token-refresher';
import type { ClientTuning, LivecastClientOptions } from './types';

type AuthCallback = (data: object) => void;

/** Gateways one client may fail over between. */
const MAX_GATEWAY_URLS = 16;
const MAX_URL_LENGTH = 2048;

/** The handshake `auth` option: a fixed token, or one asked for on every (re)connect. */
function authOption(token: string | undefined, refresher: TokenRefresher | undefined): object | ((cb: AuthCallback) => void) {
  if (refresher === undefined) return token === undefined ? {} : { token };
  return (cb) => {
    Promise.resolve()
      .then(() => refresher.handshakeToken())
      .then(
        (value) => cb({ token: value }),
        // Not `{}`: that would quietly connect as a guest. A non-string token is refused (UNAUTHENTICATED).
        () => cb({ token: false }),
      );
  };
}

/**
 * Connects to a livecast gateway with socket.io and returns the client. Defaults differ
 * from socket.io's in two places: WebSocket only (`transports`) and a connection of its own
 * per client (`forceNew`); every other socket.io option passes through as given. With
 * `getToken` (or a function `token`) the token is refreshed on the live connection before
 * it expires. With several gateway URLs it fails over between them (see FailoverSocket).
 * Throws INVALID for a missing or malformed url; connection failures arrive as the
 * client's `error` event.
 */
export function createLivecastClient(options: LivecastClientOptions): LivecastClient {
  const { url, token, getToken, tokenRefreshLeadMs = DEFAULT_REFRESH_LEAD_MS, ackTimeoutMs, sendTries, retryDelayMs, catchUpPatienceMs, ...socketOptions } = options;
  const urls = gatewayUrls(url);
  const tuning: Partial<ClientTuning> = {};
  if (ackTimeoutMs !== undefined) tuning.ackTimeoutMs = ackTimeoutMs;
  if (sendTries !== undefined) tuning.sendTries = sendTries;
  if (retryDelayMs !== undefined) tuning.retryDelayMs = retryDelayMs;
  if (catchUpPatienceMs !== undefined) tuning.catchUpPatienceMs = catchUpPatienceMs;
  const source = getToken ?? (typeof token === 'function' ? token : undefined);
  const refresher = source === undefined ? undefined : new TokenRefresher(source, tokenRefreshLeadMs);
  const auth = authOption(typeof token === 'string' ? token : undefined, refresher);
  if (urls.length === 1) {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(urls[0], { transports: ['websocket'], forceNew: true, ...socketOptions, auth });
    return new LivecastClient(socket, tuning, refresher);
  }
  return new LivecastClient(failoverSocket(urls, socketOptions, auth), tuning, refresher);
}

/** A socket that fails over between `urls`, with socket.io's reconnection options as its backoff. */
function failoverSocket(urls: string[], socketOptions: Partial<ManagerOptions & SocketOptions>, auth: ReturnType<typeof authOption>): FailoverSocket {
  const { reconnection, reconnectionAttempts, reconnectionDelay, reconnectionDelayMax, randomizationFactor, autoConnect } = socketOptions;
  const socket = new FailoverSocket(urls, (gateway) => io(gateway, { transports: ['websocket'], forceNew: true, ...socketOptions, auth, reconnection: false, autoConnect: false }), {
    delayMs: reconnectionDelay ?? DEFAULT_FAILOVER.delayMs,
    maxDelayMs: reconnectionDelayMax ?? DEFAULT_FAILOVER.maxDelayMs,
    jitter: randomizationFactor ?? DEFAULT_FAILOVER.jitter,
    maxAttempts: reconnectionAttempts ?? DEFAULT_FAILOVER.maxAttempts,
    reconnect: reconnection ?? DEFAULT_FAILOVER.reconnect,
  });
  if (autoConnect !== false) socket.connect();
  return socket;
}

/** The gateway URLs of the `url` option, checked before any I/O. */
function gatewayUrls(url: unknown): string[] {
  const urls = typeof url === 'string' ? [url] : Array.isArray(url) ? (url as unknown[]) : [];
  if (urls.length === 0) throw new LivecastError(ErrorCode.Invalid, 'url: a gateway URL is required', 'url');
  if (urls.length > MAX_GATEWAY_URLS) throw new LivecastError(ErrorCode.Invalid, `url: at most ${MAX_GATEWAY_URLS} gateway URLs`, 'url');
  if (!urls.every((u): u is string => typeof u === 'string' && u.length > 0 && u.length <= MAX_URL_LENGTH)) {
    throw new LivecastError(ErrorCode.Invalid, `url: every gateway URL must be a non-empty string of at most ${MAX_URL_LENGTH} characters`, 'url');
  }
  return urls;
}
