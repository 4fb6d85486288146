import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocket } from 'ws';
import { OutboxWebSocketServer } from './outbox-server';
import type { OutboxWebSocket } from './outbox-websocket';
import { SharedFrame } from './shared-frame';

interface Harness {
  http: Server;
  server: OutboxWebSocket;
  client: WebSocket;
  received: string[];
  /** write(2) calls the server's TCP socket made (each `_writeGeneric`/`_writev` is one). */
  writes: () => number;
}

async function connect(deflate: object | false, clientDeflate: boolean | object): Promise<Harness> {
  const wss = new OutboxWebSocketServer({ noServer: true, perMessageDeflate: deflate });
  const http = createServer();
  http.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws)));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const accepted = once(wss, 'connection') as Promise<[OutboxWebSocket]>;
  const client = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}`, { perMessageDeflate: clientDeflate });
  const received: string[] = [];
  client.on('message', (data) => received.push(String(data)));
  const [[server]] = await Promise.all([accepted, once(client, 'open')]);
  const tcp = (server as unknown as { _socket: Socket & { _writeGeneric: (...a: unknown[]) => unknown } })._socket;
  let calls = 0;
  const writeGeneric = tcp._writeGeneric.bind(tcp);
  tcp._writeGeneric = (...args: unknown[]) => (calls++, writeGeneric(...args));
  return { http, server, client, received, writes: () => calls };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

const OFFER = { threshold: Number.POSITIVE_INFINITY, serverNoContextTakeover: true, clientNoContextTakeover: true };
const json = JSON.stringify({ roomId: 'r', messages: Array.from({ length: 30 }, (_, i) => ({ seq: i, text: `chat line ${i % 4}` })) });

describe('socket-delivery: OutboxWebSocket', () => {
  const open: Harness[] = [];
  afterEach(async () => {
    for (const h of open.splice(0)) {
      h.client.terminate();
      await new Promise((r) => h.http.close(r));
    }
  });

  it('sends everything written in one turn, in order, with one write', async () => {
    const h = await connect(false, false);
    open.push(h);
    const shared = new SharedFrame('room:frame', '{"n":2}', 0);
    h.server.send('first');
    h.server.enqueueFrame(shared.plain);
    h.server.send('third', () => undefined);
    expect(h.server.queuedBytes).toBeGreaterThan(0);
    await until(() => h.received.length === 3);
    expect(h.received).toEqual(['first', `4${shared.packet}`, 'third']);
    expect(h.writes()).toBe(1);
    expect(h.server.queuedBytes).toBe(0);
  });

  it('runs the send callback at once, so engine.io never waits to hand over its next packet', async () => {
    const h = await connect(false, false);
    open.push(h);
    const called: number[] = [];
    h.server.send('a', () => called.push(1));
    expect(called).toEqual([1]);
  });

  it('flushes what the outbox holds before a close frame', async () => {
    const h = await connect(false, false);
    open.push(h);
    const closed = once(h.client, 'close');
    h.server.send('last words');
    h.server.close(1000);
    await closed;
    expect(h.received).toEqual(['last words']);
  });

  it('takes shared deflate when the client negotiated it with no server context takeover; the client inflates it', async () => {
    const h = await connect(OFFER, true);
    open.push(h);
    expect(h.server.takesSharedDeflate).toBe(true);
    const shared = new SharedFrame('room:frame', json, 6);
    h.server.enqueueFrame(shared.deflated());
    h.server.enqueueFrame(shared.deflated());
    h.server.send('plain after compressed');
    await until(() => h.received.length === 3);
    expect(h.received).toEqual([`4${shared.packet}`, `4${shared.packet}`, 'plain after compressed']);
  });

  it.each([
    ['the client offered no deflate', true, false],
    ['the server offers none', false, true],
    ['the client limited the server window below the shared frames', true, { serverMaxWindowBits: 10 }],
  ])('does not take shared deflate when %s', async (_name, serverOffers, clientDeflate) => {
    const h = await connect(serverOffers ? OFFER : false, clientDeflate);
    open.push(h);
    expect(h.server.takesSharedDeflate).toBe(false);
  });
});
