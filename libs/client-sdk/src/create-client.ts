import { ErrorCode, LivecastError, type ClientToServerEvents, type ServerToClientEvents } from '@livecast/contracts';
import { io, type Socket } from 'socket.io-client';
import { LivecastClient } from './livecast-client';
import type { ClientTuning, LivecastClientOptions } from './types';

type AuthCallback = (data: object) => void;

/** The handshake `auth` option: a fixed token, or one asked for on every (re)connect. */
function authOption(token: LivecastClientOptions['token']): object | ((cb: AuthCallback) => void) {
  if (typeof token !== 'function') return token === undefined ? {} : { token };
  return (cb) => {
    Promise.resolve()
      .then(token)
      .then(
        (value) => cb({ token: value }),
        // Not `{}`: that would quietly connect as a guest. A non-string token is refused (UNAUTHENTICATED).
        () => cb({ token: false }),
      );
  };
}

/**
 * Connects to a livecast gateway with socket.io (WebSocket only unless `transports` says
 * otherwise; socket.io reconnects on its own) and returns the client. Throws INVALID for
 * a missing url; connection failures arrive as the client's `error` event.
 */
export function createLivecastClient(options: LivecastClientOptions): LivecastClient {
  const { url, token, transports = ['websocket'], ackTimeoutMs, sendTries, retryDelayMs } = options;
  if (typeof url !== 'string' || url.length === 0) throw new LivecastError(ErrorCode.Invalid, 'url: a gateway URL is required', 'url');
  const tuning: Partial<ClientTuning> = {};
  if (ackTimeoutMs !== undefined) tuning.ackTimeoutMs = ackTimeoutMs;
  if (sendTries !== undefined) tuning.sendTries = sendTries;
  if (retryDelayMs !== undefined) tuning.retryDelayMs = retryDelayMs;
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, { transports, reconnection: true, auth: authOption(token), forceNew: true });
  return new LivecastClient(socket, tuning);
}
