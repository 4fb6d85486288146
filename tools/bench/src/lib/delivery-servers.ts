import { findNatsServer, freePort, startNatsServer, startProcess, type NatsHandle, type ServiceProcess } from '@livecast/stack-runner';
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';

export const BENCH_SECRET = 'livecast-bench-secret-0123456789';
const BARE_SCRIPT = join(__dirname, '..', 'servers', 'bare-delivery-server.ts');

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat (clock ticks of 10 ms). */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** An HS256 token the gateway accepts. */
export function tokenFor(sub: string, role: 'viewer' | 'admin'): string {
  return jwt.sign({ sub, name: sub, role }, BENCH_SECRET, { expiresIn: '2h' });
}

/** NATS, membership (buckets, rooms), ingest (the stream) and one gateway: what a gateway needs to deliver frames. */
export class GatewayUnderTest {
  private constructor(
    readonly nats: NatsHandle,
    readonly namespace: string,
    private readonly services: ServiceProcess[],
  ) {}

  /** `gatewayNodeArgs` go to the gateway's node only (e.g. `--cpu-prof`). */
  static async start(env: Record<string, string>, gatewayNodeArgs: readonly string[] = []): Promise<GatewayUnderTest> {
    const binary = findNatsServer();
    if (!binary) throw new Error('the delivery bench needs a nats-server binary on PATH');
    const nats = await startNatsServer(binary);
    const namespace = `bd${Date.now().toString(36)}`;
    const shared = { NATS_URL: nats.url, NATS_NAMESPACE: namespace, JWT_SECRET: BENCH_SECRET, LOG_LEVEL: 'warn', ...env };
    const quiet = () => undefined;
    const services: ServiceProcess[] = [];
    const start = async (app: 'ingest' | 'membership' | 'gateway', portVar: string, nodeArgs: readonly string[] = []) => {
      const port = await freePort();
      const args = [...nodeArgs, '-r', '@swc-node/register', join('apps', app, 'src', 'main.ts')];
      const service = await startProcess({ name: `bench-${app}`, args, env: { ...shared, [portVar]: String(port), INSTANCE_ID: `bench-${app}` }, port }, quiet);
      services.push(service);
      return service;
    };
    try {
      // Membership first: it creates the buckets the others may only read.
      await start('membership', 'MEMBERSHIP_PORT');
      await start('ingest', 'INGEST_PORT');
      await start('gateway', 'GATEWAY_PORT', gatewayNodeArgs);
    } catch (err) {
      await Promise.all(services.map((s) => s.stop()));
      await nats.stop();
      throw err;
    }
    return new GatewayUnderTest(nats, namespace, services);
  }

  get gateway(): ServiceProcess {
    return this.services[2];
  }

  async openRoom(roomId: string): Promise<void> {
    const response = await fetch(`${this.services[0].httpUrl}/rooms`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokenFor('bench-admin', 'admin')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: roomId, title: roomId }),
    });
    if (!response.ok) throw new Error(`opening room ${roomId}: ${response.status} ${await response.text()}`);
  }

  async stop(): Promise<void> {
    await Promise.all(this.services.map((s) => s.stop()));
    await this.nats.stop();
  }
}

/** The bare delivery server (servers/bare-delivery-server.ts) in its own process. */
export class BareServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(natsUrl: string, namespace: string, roomId: string, deflateLevel: number): Promise<BareServer> {
    const child = fork(BARE_SCRIPT, [], { stdio: 'inherit' });
    const port = await new Promise<number>((resolve) => {
      child.once('message', (reply: { port: number }) => resolve(reply.port));
      child.send({ type: 'start', options: { natsUrl, namespace, roomId, deflateLevel } });
    });
    return new BareServer(child, `ws://127.0.0.1:${port}`);
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  stop(): void {
    this.child.kill();
  }
}
