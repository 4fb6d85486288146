import { ClientEvent, ServerEvent } from '@livecast/contracts/client';
import { FailoverSocket, type FailoverOptions } from './failover-socket';
import { LivecastClient } from './livecast-client';
import { FakeSocket } from './testing/fake-socket';
import { frame, joinAck, tick } from './testing/fixtures';
import { record, route } from './testing/harness';

const FAST: FailoverOptions = { delayMs: 2, maxDelayMs: 8, jitter: 0, maxAttempts: Infinity, reconnect: true };

/** A failover socket over `urls` whose gateways are fake sockets, newest last per URL. */
function gateways(urls: string[], options: Partial<FailoverOptions> = {}) {
  const made: { url: string; socket: FakeSocket }[] = [];
  const failover = new FailoverSocket(urls, (url) => {
    const socket = new FakeSocket();
    made.push({ url, socket });
    return socket;
  }, { ...FAST, ...options });
  const latest = () => made[made.length - 1];
  return { failover, made, latest };
}

describe('client-sdk: FailoverSocket', () => {
  it('connects to the first URL, moves to the next when the connection drops, and forwards events from the live one only', async () => {
    const { failover, made, latest } = gateways(['ws://a', 'ws://b']);
    const seen: string[] = [];
    failover.on('connect', () => seen.push('connect'));
    failover.on('disconnect', (reason: string) => seen.push(`disconnect:${reason}:${failover.active}`));
    failover.on(ServerEvent.RoomFrame, (f: { toSeq: number }) => seen.push(`frame:${f.toSeq}`));
    failover.connect();
    expect(latest()).toMatchObject({ url: 'ws://a' });
    latest().socket.accept();
    latest().socket.push(ServerEvent.RoomFrame, { toSeq: 1 });
    const first = latest().socket;
    first.drop('transport close');
    expect(failover.connected).toBe(false);
    await tick(5);
    expect(made.map((m) => m.url)).toEqual(['ws://a', 'ws://b']);
    expect(failover.url).toBe('ws://b');
    first.push(ServerEvent.RoomFrame, { toSeq: 99 });
    latest().socket.accept();
    latest().socket.push(ServerEvent.RoomFrame, { toSeq: 2 });
    expect(seen).toEqual(['connect', 'frame:1', 'disconnect:transport close:true', 'connect', 'frame:2']);
    expect(first.listenerCount(ServerEvent.RoomFrame)).toBe(0);
  });

  it('cycles through every URL while connections fail, backing off, and starts over at the first delay once one succeeds', async () => {
    const { failover, made, latest } = gateways(['ws://a', 'ws://b', 'ws://c'], { delayMs: 4, maxDelayMs: 400 });
    const errors: unknown[] = [];
    failover.on('connect_error', (err: unknown) => errors.push(err));
    failover.connect();
    for (let i = 0; i < 4; i++) {
      latest().socket.push('connect_error', new Error('ECONNREFUSED'));
      await new Promise((resolve) => setTimeout(resolve, 4 * 2 ** i + 2));
    }
    expect(made.map((m) => m.url)).toEqual(['ws://a', 'ws://b', 'ws://c', 'ws://a', 'ws://b']);
    expect(errors).toHaveLength(4);
    expect(failover.active).toBe(true);
    latest().socket.accept();
    latest().socket.drop('ping timeout');
    await tick(6);
    expect(made.map((m) => m.url).at(-1)).toBe('ws://c');
  });

  it('does not try another gateway after a refused handshake: it turns inactive', async () => {
    const { failover, made, latest } = gateways(['ws://a', 'ws://b']);
    const states: boolean[] = [];
    failover.on('connect_error', () => states.push(failover.active));
    failover.connect();
    latest().socket.active = false;
    latest().socket.push('connect_error', Object.assign(new Error('refused'), { data: { code: 'UNAUTHENTICATED', message: 'bad token' } }));
    await tick(10);
    expect(states).toEqual([false]);
    expect(made).toHaveLength(1);
    failover.connect();
    expect(made.map((m) => m.url)).toEqual(['ws://a', 'ws://b']);
  });

  it('waits for connect() after the server closed the connection, then moves to the next gateway', async () => {
    const { failover, made, latest } = gateways(['ws://a', 'ws://b']);
    failover.connect();
    latest().socket.accept();
    latest().socket.drop('io server disconnect');
    await tick(10);
    expect(failover.active).toBe(false);
    expect(made).toHaveLength(1);
    failover.connect();
    expect(latest().url).toBe('ws://b');
  });

  it('gives up after maxAttempts consecutive failures, and never with reconnect off', async () => {
    const bounded = gateways(['ws://a', 'ws://b'], { maxAttempts: 2 });
    bounded.failover.connect();
    for (let i = 0; i < 3; i++) {
      bounded.latest().socket.push('connect_error', new Error('ECONNREFUSED'));
      await tick(10);
    }
    expect(bounded.made).toHaveLength(3);
    expect(bounded.failover.active).toBe(false);

    const once = gateways(['ws://a', 'ws://b'], { reconnect: false });
    once.failover.connect();
    once.latest().socket.accept();
    once.latest().socket.drop('transport close');
    await tick(10);
    expect(once.made).toHaveLength(1);
    expect(once.failover.active).toBe(false);
  });

  it('disconnect() closes the live socket, cancels a pending move and leaves no timer', async () => {
    const { failover, made, latest } = gateways(['ws://a', 'ws://b'], { delayMs: 50, maxDelayMs: 50 });
    const reasons: string[] = [];
    failover.on('disconnect', (reason: string) => reasons.push(reason));
    failover.connect();
    latest().socket.accept();
    failover.disconnect();
    expect(reasons).toEqual(['io client disconnect']);
    expect(latest().socket.active).toBe(false);
    failover.connect();
    latest().socket.push('connect_error', new Error('ECONNREFUSED'));
    failover.disconnect();
    await tick(60);
    expect(made).toHaveLength(2);
    expect(failover.active).toBe(false);
  });

  it('refuses an empty URL list', () => {
    expect(() => new FailoverSocket([], () => new FakeSocket())).toThrow(RangeError);
  });
});

describe('client-sdk: LivecastClient over a FailoverSocket', () => {
  it('resumes every room on the next gateway from its last seq: nothing lost, nothing shown twice', async () => {
    const { failover, latest } = gateways(['ws://a', 'ws://b']);
    failover.connect();
    const answer = (history: number[], lastSeq: number) => route({ [ClientEvent.RoomJoin]: () => joinAck(history, { lastSeq }) });
    latest().socket.answer = answer([1, 2], 2);
    const client = new LivecastClient(failover, { ackTimeoutMs: 200, retryDelayMs: 1, serverReconnectDelayMs: 1 });
    latest().socket.accept();
    const session = await client.join('r1');
    const log = record(session);
    await tick();
    latest().socket.push(ServerEvent.RoomFrame, frame([3], { prevSeq: 2 }));
    latest().socket.drop('transport close');
    expect(client.state).toBe('connecting');
    await tick(5);
    expect(latest().url).toBe('ws://b');
    // The new gateway's catch-up overlaps what was shown (3) and holds what was missed (4, 5).
    latest().socket.answer = answer([3, 4, 5], 5);
    latest().socket.accept();
    await tick(5);
    expect(latest().socket.sent(ClientEvent.RoomJoin).map((e) => e.payload)).toEqual([{ roomId: 'r1', sinceSeq: 3 }]);
    latest().socket.push(ServerEvent.RoomFrame, frame([5, 6], { prevSeq: 5 }));
    expect(log.messages).toEqual([[3], [4, 5], [6]]);
    expect(log.resumed).toEqual([{ sinceSeq: 3, truncated: false, missed: 2 }]);
    expect(log.gaps).toEqual([]);
    client.close();
    expect(failover.active).toBe(false);
  });
});
