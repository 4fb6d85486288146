import { EventEmitter } from 'node:events';
import { releaseUpgradeRequest } from './release-upgrade-request';

describe('socket-delivery: releaseUpgradeRequest', () => {
  function socketWith(transport: string) {
    const ws = new EventEmitter();
    const request = { headers: { cookie: 'x' } };
    function onUpgradeError(): void {
      void request;
    }
    const onError = () => undefined;
    ws.on('error', onUpgradeError);
    ws.on('error', onError);
    const tcp = new EventEmitter();
    const response = new (class extends EventEmitter {
      readonly req = request;
      forward(): void {
        // engine.io's WebSocketResponse: `socket.once("close", () => this.emit("close"))`.
        // prettier-ignore
        tcp.once('close', () => this.emit("close"));
      }
    })();
    response.forward();
    const onClose = () => undefined;
    tcp.on('close', onClose);
    return {
      ws,
      tcp,
      onError,
      onClose,
      socket: { conn: { request, transport: { name: transport, socket: Object.assign(ws, { _socket: tcp }) } }, handshake: { headers: request.headers, query: { EIO: '4' }, url: '/socket.io/?EIO=4', auth: { token: 't' } } },
    };
  }

  it("drops the request from engine.io and socket.io's handshake, keeping auth", () => {
    const { socket } = socketWith('websocket');
    releaseUpgradeRequest(socket);
    expect(socket.conn.request).toBeUndefined();
    expect(socket.handshake).toEqual({ headers: {}, query: {}, url: '', auth: { token: 't' } });
  });

  it("removes engine.io's pre-upgrade error listener (its closure keeps the request) and keeps the transport's own", () => {
    const { socket, ws, onError } = socketWith('websocket');
    releaseUpgradeRequest(socket);
    expect(ws.listeners('error')).toEqual([onError]);
  });

  it("removes the upgrade response's close forwarder from the TCP socket (it holds the request), keeping others", () => {
    const { socket, tcp, onClose } = socketWith('websocket');
    expect(tcp.listeners('close')).toHaveLength(2);
    releaseUpgradeRequest(socket);
    expect(tcp.listeners('close')).toEqual([onClose]);
  });

  it('leaves a polling transport alone', () => {
    const { socket, ws } = socketWith('polling');
    releaseUpgradeRequest(socket);
    expect(ws.listeners('error')).toHaveLength(2);
  });
});
