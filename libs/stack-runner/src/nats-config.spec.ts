import { Names, busIdentity, busPermissions } from '@livecast/contracts';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BusCredentials } from './bus-credentials';
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
  it('writes each user with its permissions, queue grants and responses', () => {
    const text = renderAuthorization([
      { user: 'lc-ingest', password: { value: 'pw1' }, permissions: busPermissions(names, busIdentity('ingest', ''), { partitions: 1 }) },
      { user: 'lc-operator', password: { env: 'LC_OPERATOR_PASSWORD' } },
    ]);
    expect(text).toContain('user: "lc-ingest"');
    expect(text).toContain('password: "pw1"');
    expect(text).toContain('"lc.ingest.* lc-ingest"');
    expect(text).toContain('"$JS.API.STREAM.CREATE.LC_MSGS"');
    expect(text).toContain('allow_responses: true');
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
