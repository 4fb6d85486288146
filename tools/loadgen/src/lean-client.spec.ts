import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { LeanClient } from './lean-client';
import type { AckHandler, ClientSpec } from './load-client';
import { sharedParseCounters } from './shared-frames';

describe('LeanClient', () => {
  let http: HttpServer;
  let io: Server;
  let url: string;

  beforeAll(async () => {
    http = createServer();
    io = new Server(http, { transports: ['websocket'] });
    io.use((socket, next) => {
      if (socket.handshake.auth.token === 'good') return next();
      next(Object.assign(new Error('token invalid'), { data: { code: 'UNAUTHENTICATED' } }));
    });
    io.on('connection', (socket) => {
      socket.on('echo', (payload: unknown, ack: (reply: unknown) => void) => ack({ ok: true, payload }));
      socket.on('broadcast', (payload: unknown, ack: (reply: unknown) => void) => {
        io.emit('room:frame', payload);
        ack({ ok: true });
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await io.close();
  });

  const spec = (token: string): ClientSpec => ({ url, userId: 'u1', role: 'viewer', token, timeoutMs: 2000 });
  const ask = (client: LeanClient, event: string, payload: object) => new Promise<unknown>((resolve) => client.emit(event, payload, resolve as AckHandler));

  it('protocol: connects with the token, emits with acks, decodes acks with many digits of id', async () => {
    const client = new LeanClient(spec('good'));
    await client.whenConnected();
    expect(client.connected).toBe(true);
    for (let i = 0; i < 12; i++) expect(await ask(client, 'echo', { i })).toEqual({ ok: true, payload: { i } });
    client.close();
  });

  it('protocol: a refused handshake rejects with the server error code', async () => {
    const client = new LeanClient(spec('bad'));
    await expect(client.whenConnected()).rejects.toThrow('UNAUTHENTICATED');
  });

  it('protocol: server events reach listeners, and equal frames are parsed once per process', async () => {
    const a = new LeanClient(spec('good'));
    const b = new LeanClient(spec('good'));
    await Promise.all([a.whenConnected(), b.whenConnected()]);
    const got: unknown[] = [];
    const both = new Promise<void>((resolve) => {
      const onFrame = (frame: never) => {
        got.push(frame);
        if (got.length === 2) resolve();
      };
      a.on('room:frame', onFrame);
      b.on('room:frame', onFrame);
    });
    const before = sharedParseCounters();
    await ask(a, 'broadcast', { roomId: 'r', fromSeq: 1 });
    await both;
    expect(got[0]).toEqual({ roomId: 'r', fromSeq: 1 });
    expect(got[1]).toBe(got[0]);
    const after = sharedParseCounters();
    expect(after.misses - before.misses).toBe(1);
    expect(after.hits - before.hits).toBe(1);
    a.close();
    b.close();
  });

  it('protocol: a disconnect by the server is reported to listeners', async () => {
    const client = new LeanClient(spec('good'));
    await client.whenConnected();
    const reason = new Promise<unknown>((resolve) => client.on('disconnect', resolve as never));
    io.disconnectSockets(true);
    expect(String(await reason)).toMatch(/transport close/);
    expect(client.connected).toBe(false);
  });
});
