import { ConfigError } from '@livecast/config';
import { nkeys } from 'nats';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { natsAuthOptions, type NatsAuthSettings } from './credentials';

const dir = mkdtempSync(join(tmpdir(), 'livecast-creds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const seed = new TextDecoder().decode(nkeys.createUser().getSeed());
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const credsFile = file(
  'user.creds',
  `-----BEGIN NATS USER JWT-----\neyJhbGciOiJlZDI1NTE5In0.e30.sig\n------END NATS USER JWT------\n\n-----BEGIN USER NKEY SEED-----\n${seed}\n------END USER NKEY SEED------\n`,
);
const passwordFile = file('gateway-0', 'pw-from-file\n');
const emptyFile = file('empty', '\n');
const pem = file('ca.pem', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');

function problemsOf(settings: NatsAuthSettings): string[] {
  try {
    natsAuthOptions(settings);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
}

describe('nats: natsAuthOptions', () => {
  it.each([
    [{}, 'none'],
    [{ user: 'gw', password: 'pw' }, 'user'],
    [{ token: 't0k3n' }, 'token'],
    [{ nkeySeed: seed }, 'nkey'],
    [{ credsFile }, 'creds'],
    [{ user: '', password: '', token: 'x' }, 'token'],
    [{ user: 'gw', passwordFile }, 'user'],
  ] as const)('%j logs in with %s', (settings, auth) => {
    const options = natsAuthOptions(settings);
    expect(options.describe.auth).toBe(auth);
    expect(options.authenticator === undefined).toBe(auth === 'none');
  });

  it('answers the server nonce with the configured login', () => {
    expect(natsAuthOptions({ user: 'gw', password: 'pw' }).authenticator?.('nonce')).toEqual({ user: 'gw', pass: 'pw' });
    expect(natsAuthOptions({ user: 'gw', passwordFile }).authenticator?.('nonce')).toEqual({ user: 'gw', pass: 'pw-from-file' });
    const nkey = natsAuthOptions({ nkeySeed: seed }).authenticator?.('nonce') as { nkey: string; sig: string };
    expect(nkey.nkey).toBe(nkeys.fromSeed(new TextEncoder().encode(seed)).getPublicKey());
    expect((natsAuthOptions({ credsFile }).authenticator?.('nonce') as { jwt: string }).jwt).toBe('eyJhbGciOiJlZDI1NTE5In0.e30.sig');
  });

  it.each([
    [{ user: 'gw', password: 'pw', token: 't' }, 'set only one of'],
    [{ user: 'gw' }, 'NATS_USER and NATS_PASSWORD go together'],
    [{ password: 'pw' }, 'NATS_USER and NATS_PASSWORD go together'],
    [{ user: 'gw', password: 'pw', passwordFile }, 'NATS_PASSWORD and NATS_PASSWORD_FILE: set only one'],
    [{ passwordFile }, 'NATS_USER and NATS_PASSWORD go together (or NATS_USER and NATS_PASSWORD_FILE)'],
    [{ user: 'gw', passwordFile: join(dir, 'missing') }, 'NATS_PASSWORD_FILE: cannot read'],
    [{ user: 'gw', passwordFile: emptyFile }, 'is empty'],
    [{ nkeySeed: 'SUNOTASEED' }, 'NATS_NKEY_SEED: not a valid nkey user seed'],
    [{ credsFile: join(dir, 'missing.creds') }, 'NATS_CREDS_FILE: cannot read'],
    [{ credsFile: pem }, 'is not a valid creds file'],
    [{ tlsCertFile: pem }, 'NATS_TLS_CERT_FILE and NATS_TLS_KEY_FILE go together'],
    [{ tlsCaFile: join(dir, 'missing.pem') }, 'NATS_TLS_CA_FILE: cannot read'],
  ])('refuses %j with a clear problem', (settings, problem) => {
    expect(problemsOf(settings).some((p) => p.includes(problem))).toBe(true);
  });

  it('reads the password file again on every login, so a rotated secret is picked up', () => {
    const rotating = file('rotating', 'first');
    const authenticator = natsAuthOptions({ user: 'gw', passwordFile: rotating }).authenticator;
    writeFileSync(rotating, 'second\n');
    expect(authenticator?.('nonce')).toEqual({ user: 'gw', pass: 'second' });
  });

  it('never puts a secret into a problem or the description', () => {
    const secrets = { password: 'hunter2-secret', token: 'tok-secret', nkeySeed: 'SUBROKEN-secret' };
    const problems = problemsOf({ user: 'gw', ...secrets }).join('\n');
    for (const secret of Object.values(secrets)) expect(problems).not.toContain(secret);
    expect(JSON.stringify(natsAuthOptions({ user: 'gw', password: 'hunter2-secret' }).describe)).not.toContain('hunter2');
  });

  it('builds TLS options from readable files', () => {
    expect(natsAuthOptions({ tlsCaFile: pem }).tls).toEqual({ caFile: pem });
    expect(natsAuthOptions({ tlsCaFile: pem, tlsCertFile: pem, tlsKeyFile: pem }).describe.tls).toBe(true);
    expect(natsAuthOptions({}).tls).toBeUndefined();
  });
});
