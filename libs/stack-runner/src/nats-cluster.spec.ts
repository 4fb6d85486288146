import { Names } from '@livecast/contracts';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BusCredentials } from './bus-credentials';
import { metaLeaderOf, onlyConsumerBehind } from './nats-cluster';
import { renderClusterNodeConfig, type NatsClusterNodeConfig } from './nats-config';
import { findNatsServer } from './nats-server';

const binary = findNatsServer();
const dir = mkdtempSync(join(tmpdir(), 'livecast-nats-cluster-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const credentials = new BusCredentials(new Names('lc'), 4, ['gateway-1', 'gateway-2']);
const node = (over: Partial<NatsClusterNodeConfig> = {}): NatsClusterNodeConfig => ({
  serverName: 'n2',
  clusterName: 'livecast',
  host: '127.0.0.1',
  port: 41222,
  clusterPort: 41232,
  httpPort: 41242,
  routePorts: [41231, 41232, 41233],
  routeLogin: { user: 'route', password: 'pw_1-x' },
  storeDir: join(dir, 'n2'),
  users: credentials.users(),
  ...over,
});

describe('stack-runner: cluster node config', () => {
  it('names the node, routes to every peer with the route login, and carries the suite users', () => {
    const text = renderClusterNodeConfig(node());
    expect(text).toContain('server_name: "n2"');
    expect(text).toContain('http: "127.0.0.1:41242"');
    expect(text).toMatch(/cluster \{\n {2}name: "livecast"\n {2}host: "127.0.0.1"\n {2}port: 41232/);
    for (const port of [41231, 41232, 41233]) expect(text).toContain(`"nats-route://route:pw_1-x@127.0.0.1:${port}"`);
    expect(text).toContain('user: "lc-gateway-gateway-2"');
    expect(text).toContain('user: "lc-operator"');
  });

  it.each([
    [{ serverName: 'n 1' }, 'not a valid nats server name'],
    [{ clusterName: '' }, 'not a valid nats cluster name'],
    [{ routeLogin: { user: 'route', password: 'p@ss' } }, 'route user and password'],
    [{ routePorts: [41231, 41233] }, "must include the node's own 41232"],
    [{ users: [] }, 'at least one user'],
  ] as const)('refuses a node config it cannot write safely: %j', (over, message) => {
    expect(() => renderClusterNodeConfig(node(over as Partial<NatsClusterNodeConfig>))).toThrow(message);
  });

  (binary ? it : it.skip)('nats-server 2.9 accepts the node config', () => {
    const file = join(dir, 'n2.conf');
    writeFileSync(file, renderClusterNodeConfig(node()));
    const result = spawnSync(binary as string, ['-c', file, '-t'], { encoding: 'utf8' });
    expect({ status: result.status, output: `${result.stdout}${result.stderr}` }).toEqual({ status: 0, output: expect.stringContaining('is valid') });
  });
});

describe('stack-runner: meta leader', () => {
  it.each([
    [{ meta_cluster: { leader: 'n2', cluster_size: 3 } }, ['n1', 'n2'], 'n2'],
    [{ meta_cluster: { leader: 'n3', cluster_size: 3 } }, ['n1', 'n2'], undefined],
    [{ meta_cluster: { cluster_size: 3 } }, ['n1', 'n2', 'n3'], undefined],
    [{}, ['n1'], undefined],
  ] as const)('%j with %j running names %p', (reply, running, leader) => {
    expect(metaLeaderOf(reply, running)).toBe(leader);
  });
});

describe('stack-runner: a restarted node whose only lag is a consumer replica', () => {
  it.each([
    [{ status: 'unavailable', error: "JetStream consumer '$G > LC_MSGS > fanout-p2' is not current" }, true],
    [{ status: 'unavailable', error: "JetStream stream '$G > LC_MSGS' is not current" }, false],
    [{ status: 'unavailable', error: 'JetStream has not established contact with a meta leader' }, false],
    [{ status: 'unavailable', error: "JetStream consumer '$G > LC_MSGS > fanout-p2' is not current; stream behind" }, false],
    [{ status: 'ok' }, false],
  ] as const)('%j counts as only a consumer behind: %p', (reply, consumerOnly) => {
    expect(onlyConsumerBehind(reply)).toBe(consumerOnly);
  });
});
