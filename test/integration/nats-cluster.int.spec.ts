import { Names } from '@livecast/contracts';
import { natsAuthOptions, openBusConnection } from '@livecast/nats';
import { BusCredentials, findNatsServer, NatsCluster } from '@livecast/stack-runner';
import { StorageType, type JetStreamClient, type NatsConnection } from 'nats';
import { join } from 'node:path';
import { connectOperator } from '../support/bus';
import { suiteEnv } from '../support/suite-env';

const binary = findNatsServer();

/**
 * Publishes with a message id, re-sent until the stream answers (bounded): after a node dies
 * the R3 stream elects its own leader, and a publish arriving before that gets no reply.
 * The id makes every re-send after a lost reply a duplicate, not a second message.
 */
async function publishOnce(js: JetStreamClient, subject: string, data: string, attempts = 20): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await js.publish(subject, data, { msgID: data, timeout: 2_000 })).seq;
    } catch (err) {
      // no leader yet answers 503 at once, a lost request times out: either way, wait and re-send
      if (attempt >= attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

(binary ? describe : describe.skip)('stack-runner: a 3-node JetStream cluster', () => {
  let cluster: NatsCluster;
  let nc: NatsConnection | undefined;

  beforeAll(async () => {
    const credentials = new BusCredentials(new Names('cl'), 4);
    cluster = await NatsCluster.start(binary as string, { credentials, logDir: join(suiteEnv().logDir, 'cluster-spec') });
  }, 30_000);
  afterAll(async () => {
    await nc?.close();
    await cluster?.stop();
  });

  it('keeps an R3 stream writable with one node killed, and a restarted node rejoins on its store', async () => {
    expect(cluster.nodes.map((n) => n.state)).toEqual(['running', 'running', 'running']);
    nc = await connectOperator(cluster.url.split(','), cluster.credentials);
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: 'CL_R3', subjects: ['cl.r3.>'], num_replicas: 3, storage: StorageType.File });
    const js = nc.jetstream();
    expect((await js.publish('cl.r3.a', 'one')).seq).toBe(1);

    await cluster.kill(0);
    expect(cluster.nodes[0].state).toBe('killed');
    expect(await cluster.waitForMetaLeader()).toMatch(/^n[23]$/);
    expect(await publishOnce(js, 'cl.r3.a', 'two')).toBe(2);

    await cluster.restart(0);
    expect(cluster.nodes[0].state).toBe('running');
    cluster.pause(1);
    expect(cluster.nodes[1].state).toBe('paused');
    cluster.resume(1);
    await cluster.waitHealthy(1);
    expect(await publishOnce(js, 'cl.r3.a', 'three')).toBe(3);
    expect((await jsm.streams.info('CL_R3')).cluster?.replicas?.length).toBe(2);
  }, 60_000);

  it('a service connection leaves a frozen (SIGSTOPped) node within a few ping periods', async () => {
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const { user, password } = cluster.credentials.operator;
    const service = await openBusConnection({ servers: cluster.url, name: 'ping-spec', auth: natsAuthOptions({ user, password }), inboxPrefix: '_INBOX', logger: quiet, pingIntervalMs: 500 });
    try {
      const first = service.getServer();
      const frozen = cluster.nodes.findIndex((n) => n.url.endsWith(first.split(':').pop() as string));
      expect(frozen).toBeGreaterThanOrEqual(0);
      cluster.pause(frozen);
      const started = Date.now();
      // stale after 3 pings of 500 ms, at most one 1.5 s attempt on the frozen node, then another node: within 5 s
      while (service.getServer() === first && Date.now() - started < 5_000) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(service.getServer()).not.toBe(first);
      await service.flush();
    } finally {
      cluster.resume(cluster.nodes.findIndex((n) => n.state === 'paused'));
      await service.close();
    }
  }, 30_000);

  it('refuses to restart a node that still runs', async () => {
    await expect(cluster.restart(2)).rejects.toThrow('is still running');
  });
});
