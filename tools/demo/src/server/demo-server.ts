import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode, LivecastError } from '@livecast/contracts';
import { AdminProxy } from './admin-proxy';
import { DevTokens } from './dev-tokens';
import { readJson, sendError, sendJson } from './http-io';
import { LOBBY_ROOM } from './lobby';
import { buildWebAssets, type Asset } from './web-assets';

/** Where the demo server listens and what it points the page at. */
export interface DemoServerOptions {
  port: number;
  /** 127.0.0.1 by default: it hands out tokens to whoever asks. */
  host?: string;
  /** Ports of the gateways on this machine; the page connects to them on the host it was loaded from. */
  gatewayPorts: number[];
  membershipUrl: string;
  jwtSecret: string;
}

/** What `GET /api/config` tells the page. */
export interface DemoConfig {
  gatewayPorts: number[];
  defaultRoom: string;
}

export interface DemoServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The page may run scripts from this origin only: no inline script, no eval. Sockets and
 * fetches may go to the gateways, which listen on other ports of the same host.
 */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss: http: https:; frame-ancestors 'none'";
const MAX_TOKEN_REQUEST_BYTES = 1024;

class DemoRoutes {
  private readonly tokens: DevTokens;
  private readonly admin: AdminProxy;

  constructor(
    private readonly assets: Map<string, Asset>,
    private readonly options: DemoServerOptions,
  ) {
    this.tokens = new DevTokens(options.jwtSecret);
    this.admin = new AdminProxy(options.membershipUrl);
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { pathname } = new URL(request.url ?? '/', 'http://demo');
    if (pathname.startsWith('/api/admin/')) return this.admin.forward(pathname.slice('/api/admin'.length), request, response);
    if (pathname === '/api/token' && request.method === 'POST') return sendJson(response, 200, this.tokens.issue(await readJson(request, MAX_TOKEN_REQUEST_BYTES)));
    if (pathname === '/api/config' && request.method === 'GET') return sendJson(response, 200, { gatewayPorts: this.options.gatewayPorts, defaultRoom: LOBBY_ROOM } satisfies DemoConfig);
    const asset = request.method === 'GET' || request.method === 'HEAD' ? this.assets.get(pathname) : undefined;
    if (!asset) throw new LivecastError(ErrorCode.NotFound, `nothing at ${request.method} ${pathname.slice(0, 80)}`);
    response.writeHead(200, { 'content-type': asset.type, 'content-length': asset.body.length, 'content-security-policy': CSP, 'cache-control': 'no-cache' });
    response.end(request.method === 'HEAD' ? undefined : asset.body);
  }
}

/**
 * Serves the demo web app (viewer page and host panel, built on the SDK's browser build),
 * dev tokens, and a proxy to the admin API. Part of the dev stack only.
 */
export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const routes = new DemoRoutes(await buildWebAssets(), options);
  const server: Server = createServer((request, response) => {
    routes.handle(request, response).catch((err: unknown) => sendError(response, err));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
