import { io, type Socket } from 'socket.io-client';
import { connectErrorCode, type AckHandler, type ClientFactory, type ClientSpec, type LoadClient } from './load-client';
import { sharedParser } from './shared-decoder';

/**
 * The official socket.io-client behind the LoadClient interface, set up as the SDK
 * connects (websocket only, token in `auth`) minus what a load generator does not need:
 * no reconnection, no compression, and the shared frame decoder. `localAddress` reaches
 * the `ws` constructor through engine.io-client's option pass-through.
 */
class SocketIoClient implements LoadClient {
  private readonly socket: Socket;
  private readonly ready: Promise<void>;

  constructor(spec: ClientSpec) {
    const options: Record<string, unknown> = {
      transports: ['websocket'],
      auth: { token: spec.token },
      reconnection: false,
      forceNew: true,
      timeout: spec.timeoutMs,
      perMessageDeflate: false,
      parser: sharedParser,
    };
    if (spec.localAddress) options.localAddress = spec.localAddress;
    const socket = io(spec.url, options);
    this.socket = socket;
    this.ready = new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (err: Error & { data?: { code?: string } }) => {
        socket.close();
        reject(new Error(connectErrorCode(err.message, err.data)));
      });
    });
    this.ready.catch(() => undefined);
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  whenConnected(): Promise<void> {
    return this.ready;
  }

  emit(event: string, payload: object, ack: AckHandler): void {
    this.socket.emit(event, payload, ack);
  }

  on(event: string, listener: (payload: never) => void): void {
    this.socket.on(event, listener as (...args: unknown[]) => void);
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** Opens an official socket.io-client connection. */
export const openSocketIoClient: ClientFactory = (spec) => new SocketIoClient(spec);
