import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AdminProxy } from './admin-proxy';
import { sendError } from './http-io';

/** A stand-in for membership that records what reached it, and a proxy server in front of it. */
async function proxyInFront(): Promise<{ url: string; seen: { method?: string; url?: string; auth?: string; body: string }[]; close: () => void }> {
  const seen: { method?: string; url?: string; auth?: string; body: string }[] = [];
  const listen = (server: Server) => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
  const membership = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      seen.push({ method: request.method, url: request.url, auth: request.headers.authorization, body });
      response.writeHead(201, { 'content-type': 'application/json' }).end('{"id":"r1"}');
    });
  });
  const proxy = new AdminProxy(await listen(membership));
  const front = createServer((request, response) => {
    proxy.forward(new URL(request.url ?? '/', 'http://x').pathname, request, response).catch((err: unknown) => sendError(response, err));
  });
  const url = await listen(front);
  return { url, seen, close: () => (membership.close(), front.close()) };
}

describe('demo: AdminProxy', () => {
  it("passes an admin route on with the caller's token and body, and answers with membership's answer", async () => {
    const { url, seen, close } = await proxyInFront();
    try {
      const answer = await fetch(`${url}/rooms/r1/kicks`, { method: 'POST', headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: '{"userId":"u1"}' });
      expect(answer.status).toBe(201);
      expect(await answer.json()).toEqual({ id: 'r1' });
      expect(seen).toEqual([{ method: 'POST', url: '/rooms/r1/kicks', auth: 'Bearer t', body: '{"userId":"u1"}' }]);
    } finally {
      close();
    }
  });

  it.each([
    ['GET', '/metrics'],
    ['GET', '/health/ready'],
    ['POST', '/rooms/r1/anything'],
    ['PUT', '/rooms/r1'],
    ['GET', '/rooms/a.b'],
    ['DELETE', '/rooms/r1/bans/u1/more'],
  ])('refuses %s %s without reaching membership', async (method, path) => {
    const { url, seen, close } = await proxyInFront();
    try {
      const answer = await fetch(`${url}${path}`, { method });
      expect(answer.status).toBe(404);
      expect((await answer.json()).error.code).toBe('NOT_FOUND');
      expect(seen).toEqual([]);
    } finally {
      close();
    }
  });

  it('refuses a body over 16 KB with LIMIT_EXCEEDED', async () => {
    const { url, seen, close } = await proxyInFront();
    try {
      const answer = await fetch(`${url}/rooms`, { method: 'POST', body: 'x'.repeat(17 * 1024) }).catch(() => undefined);
      if (answer) expect(answer.status).toBe(413);
      expect(seen).toEqual([]);
    } finally {
      close();
    }
  });
});
