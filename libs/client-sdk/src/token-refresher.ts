import { ErrorCode, LivecastError, type SessionRefreshResult } from '@livecast/contracts/client';

/** The app's source of tokens: asked on every (re)connect and before the current token expires. */
export type TokenSource = () => string | Promise<string>;

/** What the refresher needs from the client it serves. */
export interface RefreshHost {
  /** Sends `session:refresh` with the token and resolves with the ack body. */
  refresh(token: string): Promise<SessionRefreshResult>;
  /** Told about a failed refresh (the app's token source failed, or the gateway refused). */
  failed(err: LivecastError): void;
}

/** Refresh this long before expiry unless the app says otherwise. */
export const DEFAULT_REFRESH_LEAD_MS = 60_000;
/** Below this much time left a failed refresh is not retried: the gateway is about to close, and the reconnect asks again. */
const MIN_RETRY_MS = 500;
const MAX_RETRY_MS = 5000;

/** `exp` of a JWT in ms since epoch, read without verifying (only to schedule); undefined if unreadable. */
export function expiryOf(token: string | undefined): number | undefined {
  const payload = token?.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const binary = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))) as { exp?: unknown };
    return typeof claims.exp === 'number' && Number.isFinite(claims.exp) ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Keeps a connection's token fresh: hands the handshake its token from the app's
 * `getToken`, and `leadMs` before that token expires (at the latest halfway through what
 * is left) asks `getToken` again and sends the new token as `session:refresh`, so the
 * gateway never closes the connection for an expired token. Failures are reported and
 * retried while time is left; a connection that expires anyway reconnects with a fresh token.
 */
export class TokenRefresher {
  private host?: RefreshHost;
  private token?: string;
  private timer?: ReturnType<typeof setTimeout>;
  private live = false;

  constructor(
    private readonly getToken: TokenSource,
    private readonly leadMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Connects the refresher to the client it serves. */
  bind(host: RefreshHost): void {
    this.host = host;
  }

  /** The token for a handshake (remembered for scheduling). */
  async handshakeToken(): Promise<string> {
    this.token = await this.getToken();
    return this.token;
  }

  /** The connection is up with the last handshake token: schedule its refresh. */
  connected(): void {
    this.live = true;
    this.schedule(expiryOf(this.token));
  }

  /** The connection is down (or closed): nothing to refresh until it is back. */
  stop(): void {
    this.live = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(expiresAt: number | undefined): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (expiresAt === undefined || !this.live) return;
    const left = expiresAt - this.now();
    this.timer = setTimeout(() => void this.refresh(expiresAt), Math.max(0, left - Math.min(this.leadMs, left / 2)));
  }

  private async refresh(currentExpiry: number): Promise<void> {
    this.timer = undefined;
    try {
      const token = await this.getToken();
      const { expiresAt } = await (this.host as RefreshHost).refresh(token);
      this.token = token;
      this.schedule(expiresAt);
    } catch (err) {
      this.host?.failed(err instanceof LivecastError ? err : new LivecastError(ErrorCode.Unauthenticated, 'getToken failed: the session could not be refreshed', undefined, { cause: err }));
      const left = currentExpiry - this.now();
      if (this.live && left > MIN_RETRY_MS) this.timer = setTimeout(() => void this.refresh(currentExpiry), Math.min(MAX_RETRY_MS, left / 2));
    }
  }
}
