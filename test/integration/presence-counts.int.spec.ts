import type { ServiceProcess } from '@livecast/stack-runner';
import { admin, adminAt, openRoom } from '../support/admin';
import { connectViewer, eventually, uniqueId, type TestViewer } from '../support/clients';
import { startExtraGateway } from '../support/extra-gateway';
import { PrivateStack } from '../support/private-stack';
import { connectOperator } from '../support/bus';
import { suiteEnv } from '../support/suite-env';
import { Names } from '@livecast/contracts';

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

  it('tells viewers the online count, no more often than ONLINE_PUBLISH_MS (200 ms in tests)', async () => {
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
    const times = watcher.controls.filter((c) => c.action === 'online').map((c) => c.receivedAt);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(150);
  });

  it('corrects a count event that went wrong or was lost within ONLINE_REFRESH_MS (1 s in tests)', async () => {
    const roomId = await openRoom(uniqueId('room'));
    const watcher = await connectViewer(0, uniqueId('w'));
    viewers.push(watcher);
    await watcher.join(roomId);
    expect(await eventually(() => watcher.controls.some((c) => c.action === 'online' && c.online === 1), 3000)).toBe(true);
    // What a gateway that reconnected in the middle of a change is left with: a count no one repeats.
    const nc = await connectOperator();
    try {
      nc.publish(new Names(suiteEnv().namespace).control(roomId).subject, JSON.stringify({ roomId, action: 'online', online: 99 }));
      await nc.flush();
    } finally {
      await nc.close();
    }
    expect(await eventually(() => watcher.controls.some((c) => c.action === 'online' && c.online === 99), 3000)).toBe(true);
    expect(await eventually(() => watcher.controls.at(-1)?.online === 1, 3000)).toBe(true);
  });

  it('stamps the online count into frames of a room with traffic', async () => {
    const roomId = await openRoom(uniqueId('room'));
    const sender = await connectViewer(0, uniqueId('s'), 'host');
    const watcher = await connectViewer(1, uniqueId('w'));
    viewers.push(sender, watcher);
    await sender.join(roomId);
    await watcher.join(roomId);
    expect(await expectOnline(roomId, 2)).toBe(true);
    expect(
      await eventually(async () => {
        await sender.send(roomId, 'tick');
        return watcher.frames.some((f) => f.roomId === roomId && f.online === 2);
      }, 3000, 200),
    ).toBe(true);
  });

  it('drops a gateway killed with SIGKILL from the counts within 3 heartbeats', async () => {
    const roomId = await openRoom(uniqueId('room'));
    let doomed: ServiceProcess | undefined = await startExtraGateway('gw-doomed');
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

  it('a gateway stopped with SIGTERM says goodbye to its clients and leaves the counts at once', async () => {
    const roomId = await openRoom(uniqueId('room'));
    const leaving = await startExtraGateway('gw-leaving');
    const local = await connectViewer(leaving.httpUrl, uniqueId('l'));
    viewers.push(local, await connectViewer(0, uniqueId('stays')));
    for (const v of viewers) expect((await v.join(roomId)).ok).toBe(true);
    expect(await expectOnline(roomId, 2)).toBe(true);

    const stoppedAt = Date.now();
    await leaving.stop();
    expect(local.closing).toEqual([expect.objectContaining({ code: 'SHUTTING_DOWN' })]);
    // Its last snapshot is empty: no waiting for three missed heartbeats (1.5 s here).
    expect(await expectOnline(roomId, 1, 3000)).toBe(true);
    expect(Date.now() - stoppedAt).toBeLessThan(1500);
  }, 30_000);
});

describe('presence: a restarted membership rebuilds the counts from gateway snapshots', () => {
  const stack = new PrivateStack();
  const viewers: TestViewer[] = [];
  afterAll(async () => {
    viewers.forEach((v) => v.close());
    await stack.stop();
  });

  it('answers the same online count after a restart, within a heartbeat or two', async () => {
    let membership = await stack.start('membership', 'membership-r1');
    const gateway = await stack.startGateway('gateway-r');
    const roomId = await openRoom(uniqueId('room'), 'host-1', membership.httpUrl);
    for (let i = 0; i < 3; i++) {
      const v = await connectViewer(gateway.httpUrl, uniqueId('v'));
      viewers.push(v);
      expect((await v.join(roomId)).ok).toBe(true);
    }
    const online = async () => (await adminAt(membership.httpUrl, 'GET', `/rooms/${roomId}`)).body.online;
    expect(await eventually(async () => (await online()) === 3, 3000, 50)).toBe(true);

    membership.kill();
    membership = await stack.start('membership', 'membership-r2');
    expect(await online()).toBeLessThanOrEqual(3);
    expect(await eventually(async () => (await online()) === 3, 2000, 50)).toBe(true);
  }, 60_000);
});
