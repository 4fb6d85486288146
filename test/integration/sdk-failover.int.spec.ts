import { createLivecastClient, type LivecastClient } from '@livecast/client-sdk';
import type { FailoverSocket } from '@livecast/client-sdk';
import { openRoom } from '../support/admin';
import { connectViewer, eventually, sleep, tokenFor, uniqueId, type TestViewer } from '../support/clients';
import { startExtraGateway } from '../support/extra-gateway';
import { suiteEnv } from '../support/suite-env';

describe('client-sdk: failover between two real gateways', () => {
  const clients: LivecastClient[] = [];
  const viewers: TestViewer[] = [];
  afterAll(() => {
    clients.forEach((c) => c.close());
    viewers.forEach((v) => v.close());
  });

  it('moves to the other gateway when its own is killed and shows every acked message exactly once, in order', async () => {
    const doomed = await startExtraGateway('gw-failover');
    const roomId = await openRoom(uniqueId('sdk-failover'));
    const client = createLivecastClient({ url: [doomed.httpUrl, suiteEnv().gateways[1]], token: tokenFor(uniqueId('mover')), reconnectionDelay: 200, reconnectionDelayMax: 1000 });
    clients.push(client);
    const room = await client.join(roomId);
    const shown: number[] = [];
    room.on('messages', (messages) => shown.push(...messages.map((m) => m.seq)));
    const resumes: number[] = [];
    room.on('resumed', (info) => resumes.push(info.missed));
    const sender = await connectViewer(0, uniqueId('sender'), 'host');
    viewers.push(sender);
    await sender.join(roomId);

    const acked: number[] = [];
    const sending = (async () => {
      for (let i = 0; i < 30; i++) {
        const ack = await sender.send(roomId, `steady ${i}`);
        if (!ack.ok) throw new Error(`send failed: ${ack.error.code}`);
        acked.push(ack.seq);
        await sleep(60);
      }
    })();
    await eventually(() => acked.length >= 8, 5000);
    doomed.kill();
    await sending;

    expect(await eventually(() => acked.every((seq) => shown.includes(seq)), 10_000)).toBe(true);
    expect((client.socket as FailoverSocket).url).toBe(suiteEnv().gateways[1]);
    expect(client.state).toBe('connected');
    expect(resumes).toHaveLength(1);
    expect(shown).toEqual(acked);
  }, 30_000);
});
