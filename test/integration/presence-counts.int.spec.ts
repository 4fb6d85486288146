import type { ServiceProcess } from '@livecast/stack-runner';
import { admin, openRoom } from '../support/admin';
import { connectViewer, eventually, uniqueId, type TestViewer } from '../support/clients';
import { startExtraGateway } from '../support/extra-gateway';

async function onlineOf(roomId: string): Promise<number> {
  return (await admin('GET', `/rooms/${roomId}`)).body.online as number;
}

function expectOnline(roomId: string, expected: number, timeoutMs = 3000): Promise<boolean> {
  return eventually(async () => (await onlineOf(roomId)) === expected, timeoutMs, 50);
}

describe('presence: online counts aggregated from gateway reports', () => {
  const viewers: TestViewer[] = [];
  afterEach(() => viewers.splice(0).forEach((v) => v.close()));

  it('counts joins on both gateways, leaves and disconnects', async () => {
    const roomId = await openRoom(uniqueId('room'));
    for (let i = 0; i < 6; i++) viewers.push(await connectViewer(i % 2, uniqueId('v')));
    for (const v of viewers) expect((await v.join(roomId)).ok).toBe(true);
    expect(await expectOnline(roomId, 6)).toBe(true);

    await viewers[0].leave(roomId);
    await viewers[1].leave(roomId);
    expect(await expectOnline(roomId, 4)).toBe(true);

    viewers[2].close();
    viewers[3].close();
    expect(await expectOnline(roomId, 2)).toBe(true);
  });

  it('counts one user on two devices as two connections, and a re-join once', async () => {
    const roomId = await openRoom(uniqueId('room'));
    const user = uniqueId('multi');
    viewers.push(await connectViewer(0, user), await connectViewer(1, user));
    for (const v of viewers) {
      expect((await v.join(roomId)).ok).toBe(true);
      expect((await v.join(roomId)).ok).toBe(true);
    }
    expect(await expectOnline(roomId, 2)).toBe(true);
  });

  it('tells viewers the online count, at most about once a second', async () => {
    const roomId = await openRoom(uniqueId('room'));
    const watcher = await connectViewer(0, uniqueId('w'));
    viewers.push(watcher);
    await watcher.join(roomId);
    for (let i = 0; i < 4; i++) {
      const v = await connectViewer(1, uniqueId('v'));
      viewers.push(v);
      await v.join(roomId);
    }
    expect(await eventually(() => watcher.controls.some((c) => c.action === 'online' && c.online === 5), 3000)).toBe(true);
  });

  it('drops a gateway killed with SIGKILL from the counts within 3 heartbeats', async () => {
    const roomId = await openRoom(uniqueId('room'));
    let doomed: ServiceProcess | undefined = await startExtraGateway(uniqueId('gw-doomed'));
    try {
      for (let i = 0; i < 3; i++) viewers.push(await connectViewer(doomed.httpUrl, uniqueId('d')));
      viewers.push(await connectViewer(0, uniqueId('survivor')));
      for (const v of viewers) expect((await v.join(roomId)).ok).toBe(true);
      expect(await expectOnline(roomId, 4)).toBe(true);

      doomed.kill();
      const killedAt = Date.now();
      // Heartbeat is 500 ms in the test tuning: 3 missed = 1.5 s, plus the 200 ms publish tick.
      expect(await expectOnline(roomId, 1, 4000)).toBe(true);
      expect(Date.now() - killedAt).toBeLessThan(3 * 500 + 1000);
      doomed = undefined;
    } finally {
      await doomed?.stop();
    }
  }, 30_000);
});
