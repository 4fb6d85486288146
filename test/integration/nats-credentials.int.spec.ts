import { natsAuthOptions, openBusConnection } from '@livecast/nats';
import { findNatsServer, freePort, isReachable, stopChild } from '@livecast/stack-runner';
import { connect, nkeys, type NatsConnection } from 'nats';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../support/clients';

const binary = findNatsServer();
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl. */
function makeCertificates(dir: string): Record<'ca' | 'serverCert' | 'serverKey' | 'clientCert' | 'clientKey', string> {
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=livecast-test-ca', '-keyout', 'ca.key', '-out', 'ca.pem');
  writeFileSync(path('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  for (const who of ['server', 'client']) {
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${who}`, '-keyout', `${who}.key`, '-out', `${who}.csr`);
    const ext = who === 'server' ? ['-extfile', 'server.ext'] : [];
    openssl('x509', '-req', '-in', `${who}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-out', `${who}.pem`, ...ext);
  }
  return { ca: path('ca.pem'), serverCert: path('server.pem'), serverKey: path('server.key'), clientCert: path('client.pem'), clientKey: path('client.key') };
}

// The services' connection options against a real nats-server with mutual TLS and nkey
// and password users: what NATS_NKEY_SEED, NATS_USER/NATS_PASSWORD and NATS_TLS_* give.
(binary ? describe : describe.skip)('nats credentials: TLS and nkeys from the environment reach a real server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'livecast-tls-'));
  const user = nkeys.createUser();
  const seed = new TextDecoder().decode(user.getSeed());
  let server: ChildProcess;
  let url: string;
  let certs: ReturnType<typeof makeCertificates>;
  const open: NatsConnection[] = [];

  beforeAll(async () => {
    certs = makeCertificates(dir);
    const port = await freePort();
    url = `nats://127.0.0.1:${port}`;
    writeFileSync(
      join(dir, 'nats.conf'),
      [
        `host: "127.0.0.1"`,
        `port: ${port}`,
        `tls { cert_file: "${certs.serverCert}", key_file: "${certs.serverKey}", ca_file: "${certs.ca}", verify: true }`,
        `authorization { users: [ { nkey: "${user.getPublicKey()}" }, { user: "svc", password: "s3cret-password" } ] }`,
      ].join('\n'),
    );
    server = spawn(binary as string, ['-c', join(dir, 'nats.conf')], { stdio: 'ignore' });
    expect(await eventually(() => isReachable(url, 200), 10_000, 100)).toBe(true);
  }, 30_000);
  afterAll(async () => {
    await Promise.all(open.map((nc) => nc.close()));
    await stopChild(server);
    rmSync(dir, { recursive: true, force: true });
  });

  const tls = () => ({ tlsCaFile: certs.ca, tlsCertFile: certs.clientCert, tlsKeyFile: certs.clientKey });
  const connectWith = async (settings: Parameters<typeof natsAuthOptions>[0]) => {
    const nc = await openBusConnection({ servers: url, name: 'credentials-spec', auth: natsAuthOptions(settings), inboxPrefix: '_INBOX.spec', logger: quiet, pingIntervalMs: 1000 });
    open.push(nc);
    return nc;
  };

  it.each([
    ['an nkey seed', () => ({ nkeySeed: seed, ...tls() })],
    ['a user and password', () => ({ user: 'svc', password: 's3cret-password', ...tls() })],
  ])('connects over mutual TLS with %s and can request/reply', async (_name, settings) => {
    const nc = await connectWith(settings());
    nc.subscribe('spec.echo', { callback: (_err, msg) => msg.respond(msg.data) });
    const reply = await nc.request('spec.echo', new TextEncoder().encode('hi'), { timeout: 2000 });
    expect(new TextDecoder().decode(reply.data)).toBe('hi');
    expect(nc.info?.tls_required).toBe(true);
  });

  it('fails the start at once, saying why, for a wrong password or a server certificate that does not verify', async () => {
    await expect(connectWith({ user: 'svc', password: 'wrong', ...tls() })).rejects.toThrow(/NATS refused this service .*AUTHORIZATION_VIOLATION/);
    await expect(connectWith({ user: 'svc', password: 's3cret-password' })).rejects.toThrow(/NATS refused this service .*UNABLE_TO_VERIFY/);
  });

  it('gets no connection without the client certificate the server requires', async () => {
    const { tls: withoutCert } = natsAuthOptions({ tlsCaFile: certs.ca });
    await expect(connect({ servers: url, authenticator: natsAuthOptions({ nkeySeed: seed }).authenticator, tls: withoutCert, timeout: 1000 })).rejects.toThrow();
  });
});
