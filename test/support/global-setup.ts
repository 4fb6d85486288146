import { mkdirSync, createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import './register-paths';
import { Names } from '@livecast/contracts';
import { BusCredentials, findOrStartNats, freePorts, gatewayIdsOf, startStack, type NatsHandle, type Stack } from '@livecast/stack-runner';
import { EXTRA_GATEWAY_IDS, TEST_TUNING, writeSuiteEnv } from './suite-env';

declare global {
  var livecastSuite: { stack: Stack; nats: NatsHandle; logs: Map<string, WriteStream> } | undefined;
}

/**
 * Starts a private nats-server (JetStream, temporary store, free port, every service on
 * its own user with its permissions) — or, when no binary exists, uses the reachable one
 * without auth under a per-run namespace — and the whole suite with two gateways.
 * Service and nats-server logs go to tmp/test-logs/<namespace>/.
 */
export default async function globalSetup(): Promise<void> {
  const namespace = `t${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
  const [gatewayA, gatewayB, membershipPort, ingestPort, fanoutPort] = await freePorts(5);
  const gatewayPorts = [gatewayA, gatewayB];
  const credentials = new BusCredentials(new Names(namespace), Number(TEST_TUNING.PARTITIONS), [...gatewayIdsOf(gatewayPorts), ...EXTRA_GATEWAY_IDS]);
  const logDir = join(__dirname, '..', '..', 'tmp', 'test-logs', namespace);
  mkdirSync(logDir, { recursive: true });
  const nats = await findOrStartNats(process.env.NATS_URL ?? 'nats://127.0.0.1:4222', true, { credentials, logFile: join(logDir, 'nats-server.log') });
  if (!nats.credentials) console.log(`integration suite: no nats-server binary, using the NATS at ${nats.url} WITHOUT auth (permissions untested)`);
  const logs = new Map<string, WriteStream>();
  const jwtSecret = 'integration-test-secret-0123456789';
  const stack = await startStack({
    natsUrl: nats.url,
    namespace,
    jwtSecret,
    gatewayPorts,
    membershipPort,
    ingestPort,
    fanoutPort,
    credentials: nats.credentials,
    env: TEST_TUNING,
    sink: (name, line) => {
      if (!logs.has(name)) logs.set(name, createWriteStream(join(logDir, `${name}.log`)));
      logs.get(name)?.write(`${line}\n`);
    },
  }).catch(async (err: unknown) => {
    await nats.stop();
    throw err;
  });
  globalThis.livecastSuite = { stack, nats, logs };
  writeSuiteEnv({
    natsUrl: nats.url,
    natsCredentials: nats.credentials?.snapshot(),
    namespace,
    jwtSecret,
    gateways: stack.gateways.map((g) => g.httpUrl),
    membership: stack.membership.httpUrl,
    logDir,
  });
}
