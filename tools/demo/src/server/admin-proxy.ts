import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, LivecastError } from '@livecast/contracts';
import { readBody } from './http-io';

/** Largest admin request body passed on (room titles and moderation reasons are far smaller). */
const MAX_BODY_BYTES = 16 * 1024;
const TIMEOUT_MS = 5000;
/** Only the admin API's own routes, so the proxy cannot reach membership's ops endpoints. */
// A user id may be any printable id (URL-encoded here); membership validates it.
const ADMIN_PATH = /^\/rooms(\/[A-Za-z0-9_-]{1,64}(\/(bans|mutes|kicks)(\/[^/]{1,800})?)?)?$/;
const METHODS = new Set(['GET', 'POST', 'DELETE']);

/**
 * Passes `/api/admin/<path>` on to membership's admin API with the caller's bearer token,
 * so the demo page (another origin) needs no CORS on membership. Membership decides who
 * may do what; the proxy adds no rights.
 */
export class AdminProxy {
  constructor(private readonly membershipUrl: string) {}

  async forward(path: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    if (!ADMIN_PATH.test(path) || !METHODS.has(method)) throw new LivecastError(ErrorCode.NotFound, `no admin route ${method} ${path.slice(0, 80)}`);
    const body = method === 'GET' ? undefined : await readBody(request, MAX_BODY_BYTES);
    const headers: Record<string, string> = {};
    if (typeof request.headers.authorization === 'string') headers.authorization = request.headers.authorization;
    if (body && body.length > 0) headers['content-type'] = 'application/json';
    let answer: Response;
    try {
      answer = await fetch(`${this.membershipUrl}${path}`, { method, headers, body: body && body.length > 0 ? body.toString('utf8') : undefined, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (err) {
      throw new LivecastError(ErrorCode.Unavailable, 'membership did not answer', undefined, { cause: err });
    }
    const text = await answer.text();
    response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json', 'cache-control': 'no-store' });
    response.end(text);
  }
}
