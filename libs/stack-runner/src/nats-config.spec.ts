import { Names, busIdentity, busPermissions } from '@livecast/contracts';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { BusCredentials } from './bus-credentials';
import { deploymentHelmValues, deploymentIdentities, HELM_AUTH_FILE, passwordVariable, statefulSetPodNames } from './deployment-auth';
import { renderAuthorization, renderServerConfig } from './nats-config';
import { findNatsServer } from './nats-server';

const names = new Names('lc');
const binary = findNatsServer();
const dir = mkdtempSync(join(tmpdir(), 'livecast-nats-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `nats-server -t` (config test) on the text; returns its exit code and output. */
function serverCheck(text: string, env: Record<string, string> = {}): { status: number | null; output: string } {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.conf`);
  writeFileSync(file, text);
  const result = spawnSync(binary as string, ['-c', file, '-t'], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('stack-runner: nats config', () => {
  it('writes each user with its permissions and queue grants, and no per-request reply allowance', () => {
    const text = renderAuthorization([
      { user: 'lc-ingest', password: { value: 'pw1' }, permissions: busPermissions(names, busIdentity('ingest', ''), { partitions: 1 }) },
      { user: 'lc-operator', password: { env: 'LC_OPERATOR_PASSWORD' } },
    ]);
    expect(text).toContain('user: "lc-ingest"');
    expect(text).toContain('password: "pw1"');
    expect(text).toContain('"lc.ingest.* lc-ingest"');
    expect(text).toContain('"$JS.API.STREAM.CREATE.LC_MSGS"');
    expect(text).toContain(`"${names.gatewayReceiptedInboxes()}"`);
    expect(text).not.toContain('allow_responses');
    expect(text).toContain('password: $LC_OPERATOR_PASSWORD');
  });

  it.each([
    [[], 'at least one user'],
    [[{ user: 'a', password: { value: 'x' } }, { user: 'a', password: { value: 'y' } }], 'listed twice'],
    [[{ user: 'a', password: { value: 'has"quote' } }], 'cannot quote'],
    [[{ user: 'a', password: { env: 'lower-case' } }], 'not an environment variable name'],
  ] as const)('refuses a config it cannot write safely: %j', (users, message) => {
    expect(() => renderAuthorization(users as never)).toThrow(message);
  });

  (binary ? it : it.skip)('nats-server 2.9 accepts the whole suite config, with passwords from its environment', () => {
    const credentials = new BusCredentials(names, 8, ['gateway-1', 'gateway-2']);
    const config = renderServerConfig({ host: '127.0.0.1', port: 4222, storeDir: join(dir, 'store'), users: credentials.users() });
    expect(serverCheck(config)).toEqual({ status: 0, output: expect.stringContaining('is valid') });
    const fromEnv = renderServerConfig({ host: '127.0.0.1', port: 4222, storeDir: join(dir, 'store'), users: [{ user: 'u', password: { env: 'U_PASSWORD' } }] });
    expect(serverCheck(fromEnv, { U_PASSWORD: 'x' }).status).toBe(0);
    expect(serverCheck(fromEnv).output).toContain("variable reference for 'U_PASSWORD'");
  });
});

describe('stack-runner: NATS chart values for a Kubernetes deployment', () => {
  const gatewayIds = statefulSetPodNames('gateway', 3);
  const values = parse(deploymentHelmValues({ names, partitions: 8, gatewayIds, secretName: 'livecast-nats', command: 'npm run nats-auth' }));

  it('names the gateway pods of a StatefulSet', () => {
    expect(gatewayIds).toEqual(['gateway-0', 'gateway-1', 'gateway-2']);
  });

  it('hands nats-server every password from the Secrets, one key per user, the gateways apart from the services', () => {
    const refs = deploymentIdentities(gatewayIds).map((identity) => {
      const user = names.natsUser(identity);
      const secret = identity.service === 'gateway' ? 'livecast-nats-gateways' : 'livecast-nats';
      return [passwordVariable(user), { valueFrom: { secretKeyRef: { name: secret, key: user } } }];
    });
    expect(values.container.env).toEqual(Object.fromEntries(refs));
    expect(values.config.merge).toEqual({ '00$include': HELM_AUTH_FILE });
  });

  (binary ? it : it.skip)('nats-server 2.9 accepts the included authorization with the passwords the chart passes', () => {
    const include = join(dir, HELM_AUTH_FILE);
    writeFileSync(include, values.configMap.merge.data[HELM_AUTH_FILE]);
    const passwords = Object.fromEntries(Object.keys(values.container.env).map((variable) => [variable, 'pw']));
    const config = `listen: 127.0.0.1:4222\njetstream { store_dir: "${join(dir, 'store')}" }\ninclude ./${HELM_AUTH_FILE}\n`;
    expect(serverCheck(config, passwords)).toEqual({ status: 0, output: expect.stringContaining('is valid') });
  });
});

describe('stack-runner: BusCredentials', () => {
  it('gives every service instance its own login and provisions gateways on demand', () => {
    const credentials = new BusCredentials(names, 4, ['gateway-1']);
    expect(credentials.envFor('gateway', 'gateway-1').NATS_USER).toBe('lc-gateway-gateway-1');
    expect(credentials.envFor('ingest', 'ingest-7').NATS_USER).toBe('lc-ingest');
    expect(() => credentials.envFor('gateway', 'gateway-9')).toThrow('no NATS user for gateway gateway-9');
    credentials.addGateway('gateway-9');
    expect(credentials.hasGateway('gateway-9')).toBe(true);
    const passwords = credentials.users().map((u) => ('value' in u.password ? u.password.value : ''));
    expect(new Set(passwords).size).toBe(passwords.length);
    expect(credentials.users().at(-1)).toEqual({ user: 'lc-operator', password: { value: credentials.operator.password } });
  });

  it('survives a snapshot into another process unchanged', () => {
    const credentials = new BusCredentials(names, 4, ['gateway-1']);
    const restored = BusCredentials.restore(JSON.parse(JSON.stringify(credentials.snapshot())));
    expect(restored.users()).toEqual(credentials.users());
    expect(restored.envFor('gateway', 'gateway-1')).toEqual(credentials.envFor('gateway', 'gateway-1'));
  });
});
