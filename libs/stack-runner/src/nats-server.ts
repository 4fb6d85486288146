import { parseNatsUrlList, type NatsServerAddress } from '@livecast/config';
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { BusCredentials } from './bus-credentials';
import { renderServerConfig } from './nats-config';

/** A NATS server the stack uses: one that was already there, or one we started (and stop). */
export interface NatsHandle {
  /** What the services get as NATS_URL: one URL, or the whole comma-separated list. */
  url: string;
  /** True when we started it; its store is temporary. */
  owned: boolean;
  /** Present when the server runs with our users and permissions; absent for a server that was already there. */
  credentials?: BusCredentials;
  /** Makes the server re-read the users of `credentials` (after `addGateway`) without a restart. */
  reload(): Promise<void>;
  /** Process id of the nats-server we started. */
  pid?: number;
  stop(): Promise<void>;
}

/** Resolves true when some server of the URL (or comma-separated list) accepts TCP connections. */
export async function isReachable(url: string, timeoutMs = 1000): Promise<boolean> {
  return (await reachableServers(parseNatsUrlList(url), timeoutMs)).length > 0;
}

/** The servers of a parsed NATS_URL list that accept connections, in list order. */
export async function reachableServers(servers: readonly NatsServerAddress[], timeoutMs = 1000): Promise<NatsServerAddress[]> {
  const up = await Promise.all(servers.map((server) => accepts(server, timeoutMs)));
  return servers.filter((_, i) => up[i]);
}

function accepts({ host, port }: NatsServerAddress, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The nats-server binary: NATS_SERVER_BIN, else PATH, else Debian's /usr/sbin. */
export function findNatsServer(): string | undefined {
  const candidates = [
    process.env.NATS_SERVER_BIN,
    ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'nats-server')),
    '/usr/sbin/nats-server',
    '/usr/bin/nats-server',
  ];
  return candidates.find((path): path is string => !!path && existsSync(path));
}

/**
 * `count` different free ports on 127.0.0.1, all held open until each is known: ports
 * asked for one after another may come back twice once the first is closed again (a
 * fault-suite run once gave a gateway and a fan-out the same port).
 */
export async function freePorts(count: number): Promise<number[]> {
  const held: Server[] = [];
  try {
    while (held.length < count) {
      const server = createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
      held.push(server);
    }
    return held.map((server) => (server.address() as AddressInfo).port);
  } finally {
    await Promise.all(held.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port;
}

/** How a private nats-server is run. */
export interface NatsServerOptions {
  /**
   * Its own process group, so the terminal's Ctrl-C (sent to the whole foreground group)
   * does not stop it before the services have drained through it; its owner stops it last.
   */
  ownProcessGroup?: boolean;
  /** Users and permissions of every service: then nobody connects without a login. */
  credentials?: BusCredentials;
  /** Where the server's log goes (permission violations included). */
  logFile?: string;
  /** Client port; a free one when absent. */
  port?: number;
  /** HTTP monitoring port (`/varz`, `/connz`, `/jsz`) for benchmarks that count server work; none when absent. */
  monitorPort?: number;
}

/**
 * Starts `nats-server` with JetStream on a free loopback port with a temporary store and,
 * given credentials, their users and permissions.
 */
export async function startNatsServer(binary: string, options: NatsServerOptions = {}): Promise<NatsHandle> {
  const { credentials, logFile, monitorPort } = options;
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'livecast-nats-'));
  const store = join(dir, 'store');
  const configFile = join(dir, 'nats.conf');
  const writeConfig = (users: BusCredentials) =>
    writeFileSync(configFile, renderServerConfig({ host: '127.0.0.1', port, storeDir: store, users: users.users() }), { mode: 0o600 });
  if (credentials) writeConfig(credentials);
  const monitor = monitorPort === undefined ? [] : ['-m', String(monitorPort)];
  const args = [...(credentials ? ['-c', configFile] : ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', store]), ...monitor];
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: options.ownProcessGroup === true });
  // A run that ends without stopping it (a failed hook, a crash) must not leave the server behind.
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  child.once('exit', () => process.removeListener('exit', orphanGuard));
  let stderr = '';
  const reloads: (() => void)[] = [];
  if (logFile) child.stderr?.pipe(createWriteStream(logFile));
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    stderr = (stderr + text).slice(-4000);
    if (text.includes('Reloaded server configuration')) reloads.splice(0).forEach((done) => done());
  });
  const url = `nats://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  while (!(await isReachable(url, 200))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nats-server did not start on ${url}:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const reload = async () => {
    if (!credentials) return;
    writeConfig(credentials);
    const reloaded = new Promise<void>((resolve) => reloads.push(resolve));
    child.kill('SIGHUP');
    await withTimeout(reloaded, 5000, `nats-server did not reload ${configFile}:\n${stderr}`);
  };
  return { url, owned: true, pid: child.pid, credentials, reload, stop: () => stopChild(child).then(() => rmSync(dir, { recursive: true, force: true })) };
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Uses the NATS at `preferredUrl` (one URL or a comma-separated list: any reachable
 * server counts, and the services get the whole list) when `preferPrivate` is false; else
 * starts a private one (with `options.credentials`' users and permissions); else explains
 * how to get one. A server that was already there runs with whatever auth it has: the
 * handle then has no credentials. A malformed list throws a NatsUrlListError naming the
 * bad entry, before anything starts.
 */
export async function findOrStartNats(preferredUrl: string, preferPrivate: boolean, options: NatsServerOptions = {}): Promise<NatsHandle> {
  const servers = parseNatsUrlList(preferredUrl);
  const binary = findNatsServer();
  if (preferPrivate && binary) return startNatsServer(binary, options);
  if ((await reachableServers(servers)).length > 0) return { url: servers.map((s) => s.url).join(','), owned: false, reload: async () => undefined, stop: async () => undefined };
  if (binary) return startNatsServer(binary, options);
  throw new Error(
    `no NATS reachable at ${preferredUrl} and no nats-server binary found.\n` +
      `Install one (Debian/Ubuntu: apt-get install nats-server; or https://nats.io download) ` +
      `or set NATS_URL to a running server with JetStream (nats-server -js).`,
  );
}

/** SIGTERM, then SIGKILL if the process is still there after `graceMs`. */
export function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
