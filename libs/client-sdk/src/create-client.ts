import { ErrorCode, LivecastError, type ClientToServerEvents, type ServerToClientEvents } from '@livecast/contracts/client';
import { io, type Socket } from 'socket.io-client';
import { LivecastClient } from './livecast-client';
import { DEFAULT_REFRESH_LEAD_MS, TokenRefresher } from './token-refresher';
import type { ClientTuning, LivecastClientOptions } from './types';

type AuthCallback = (data: object) => void;

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
 * it expires. Throws INVALID for a missing url; connection failures arrive as the client's
 * `error` event.
 */
export function createLivecastClient(options: LivecastClientOptions): LivecastClient {
  const { url, token, getToken, tokenRefreshLeadMs = DEFAULT_REFRESH_LEAD_MS, ackTimeoutMs, sendTries, retryDelayMs, ...socketOptions } = options;
  if (typeof url !== 'string' || url.length === 0) throw new LivecastError(ErrorCode.Invalid, 'url: a gateway URL is required', 'url');
  const tuning: Partial<ClientTuning> = {};
  if (ackTimeoutMs !== undefined) tuning.ackTimeoutMs = ackTimeoutMs;
  if (sendTries !== undefined) tuning.sendTries = sendTries;
  if (retryDelayMs !== undefined) tuning.retryDelayMs = retryDelayMs;
  const source = getToken ?? (typeof token === 'function' ? token : undefined);
  const refresher = source === undefined ? undefined : new TokenRefresher(source, tokenRefreshLeadMs);
  const auth = authOption(typeof token === 'string' ? token : undefined, refresher);
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, { transports: ['websocket'], forceNew: true, ...socketOptions, auth });
  return new LivecastClient(socket, tuning, refresher);
}
