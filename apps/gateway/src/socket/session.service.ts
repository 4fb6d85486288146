import { SessionDeadlines, TokenVerifier } from '@livecast/auth';
import { ErrorCode, LivecastError, ServerEvent, type SessionClosing, type SessionRefreshRequest, type SessionRefreshResult } from '@livecast/contracts';
import { counter } from '@livecast/service-runtime';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Connection } from '../connections/connection';

/** Deadlines are kept per half second and checked twice a second (while any is kept): a close follows expiry within ~1 s. */
const GRANULARITY_MS = 500;

const expired = counter('gateway_sessions_expired_total', 'connections closed because their token expired');
const refreshed = counter('gateway_session_refreshes_total', 'accepted session:refresh events');

const EXPIRED_NOTICE: SessionClosing = { code: ErrorCode.SessionExpired, message: 'your token expired: reconnect with a fresh one' };

/**
 * Holds each connection to its token's lifetime. Sending stops at the deadline itself
 * (`isExpired`, asked before every event); the sweep then tells the client
 * `session:closing { SESSION_EXPIRED }` and closes it. A `session:refresh` with a newer
 * token of the same user moves the deadline.
 */
@Injectable()
export class SessionService implements OnModuleDestroy {
  private readonly deadlines = new SessionDeadlines<Connection>(GRANULARITY_MS);
  private timer?: NodeJS.Timeout;

  constructor(private readonly verifier: TokenVerifier) {}

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  track(connection: Connection): void {
    this.deadlines.set(connection, connection.expiresAt);
    // A gateway without expiring sessions (none connected, or guests only) sweeps nothing, so it does not wake for it.
    if (this.timer === undefined && this.deadlines.size > 0) this.timer = setInterval(() => this.sweep(Date.now()), GRANULARITY_MS).unref();
  }

  forget(connection: Connection): void {
    this.deadlines.delete(connection);
  }

  isExpired(connection: Connection, now: number): boolean {
    return connection.expiresAt <= now;
  }

  /** Tells the client its token expired and closes the connection. */
  expire(connection: Connection): void {
    if (connection.closing) return;
    connection.closing = true;
    expired.inc();
    connection.socket.emit(ServerEvent.Disconnecting, EXPIRED_NOTICE);
    connection.socket.disconnect(true);
  }

  /** Takes a newer token of the same user; the connection then lives until it expires. */
  async refresh(connection: Connection, request: SessionRefreshRequest): Promise<SessionRefreshResult> {
    if (connection.principal.guest) throw new LivecastError(ErrorCode.Forbidden, 'a guest has no token to refresh: reconnect with one');
    const { principal, expiresAt } = await this.verifier.verify(request.token);
    if (principal.id !== connection.principal.id) throw new LivecastError(ErrorCode.Forbidden, 'the new token is for another user', 'token');
    if (connection.closing) throw new LivecastError(ErrorCode.SessionExpired, EXPIRED_NOTICE.message);
    connection.principal = principal;
    connection.expiresAt = expiresAt;
    this.track(connection);
    refreshed.inc();
    return { expiresAt };
  }

  private sweep(now: number): void {
    for (const connection of this.deadlines.due(now)) this.expire(connection);
    if (this.deadlines.size > 0) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
