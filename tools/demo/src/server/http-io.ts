import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, LivecastError, type WireError } from '@livecast/contracts';

/** Reads a request body of at most `limit` bytes; a bigger one is LIMIT_EXCEEDED before it is all read. */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new LivecastError(ErrorCode.Limit, `body: at most ${limit} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Parses a JSON body, or throws INVALID. */
export async function readJson(request: IncomingMessage, limit: number): Promise<unknown> {
  const body = await readBody(request, limit);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new LivecastError(ErrorCode.Invalid, 'body: not JSON');
  }
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.Invalid]: 400,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Limit]: 413,
  [ErrorCode.Unavailable]: 502,
};

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

/** The one mapping of a failure to the demo server's answer: `{ error: WireError }`. */
export function sendError(response: ServerResponse, err: unknown): void {
  const error: WireError = LivecastError.from(err).toWire();
  if (response.headersSent) {
    response.destroy();
    return;
  }
  sendJson(response, STATUS[error.code] ?? 500, { error });
}
