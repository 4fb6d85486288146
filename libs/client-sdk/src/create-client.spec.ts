import { ErrorCode } from '@livecast/contracts/client';
import type { Socket } from 'socket.io-client';
import { createLivecastClient } from './create-client';
import { FailoverSocket } from './failover-socket';

describe('client-sdk: createLivecastClient', () => {
  it('passes socket.io options through, with WebSocket only and a connection of its own by default', () => {
    const client = createLivecastClient({
      url: 'http://127.0.0.1:9',
      token: 'jwt',
      autoConnect: false,
      path: '/chat/socket.io',
      query: { app: 'demo' },
      extraHeaders: { 'x-tenant': 't1' },
      withCredentials: true,
      reconnectionDelayMax: 1234,
    });
    const socket = client.socket as unknown as Socket;
    expect(client.state).toBe('disconnected');
    expect(socket.io.opts).toMatchObject({
      path: '/chat/socket.io',
      query: { app: 'demo' },
      extraHeaders: { 'x-tenant': 't1' },
      withCredentials: true,
      reconnectionDelayMax: 1234,
      transports: ['websocket'],
      forceNew: true,
    });
    expect(socket.auth).toEqual({ token: 'jwt' });
    client.close();
  });

  it('lets the caller pick transports', () => {
    const client = createLivecastClient({ url: 'http://127.0.0.1:9', autoConnect: false, transports: ['polling', 'websocket'] });
    expect((client.socket as unknown as Socket).io.opts.transports).toEqual(['polling', 'websocket']);
    client.close();
  });

  it('refuses a missing url before any I/O', () => {
    expect(() => createLivecastClient({ url: '' })).toThrow(expect.objectContaining({ code: ErrorCode.Invalid, field: 'url' }));
  });

  it.each([[[]], [['http://a', '']], [Array.from({ length: 17 }, (_, i) => `http://g${i}`)], [['http://a', 42]], [['x'.repeat(2049), 'http://b']]])('refuses a malformed url list %#', (url) => {
    expect(() => createLivecastClient({ url: url as string[] })).toThrow(expect.objectContaining({ code: ErrorCode.Invalid, field: 'url' }));
  });

  it('fails over between several gateways on sockets that do not reconnect by themselves, with socket.io\'s backoff options', () => {
    const client = createLivecastClient({ url: ['http://127.0.0.1:9', 'http://127.0.0.1:10'], token: 'jwt', autoConnect: false, reconnectionDelay: 10 });
    const failover = client.socket as FailoverSocket;
    expect(failover).toBeInstanceOf(FailoverSocket);
    expect(failover.urls).toEqual(['http://127.0.0.1:9', 'http://127.0.0.1:10']);
    expect(client.state).toBe('disconnected');
    client.connect();
    expect(failover.url).toBe('http://127.0.0.1:9');
    client.close();
  });
});
