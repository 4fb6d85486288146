import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ClientKind, ClientStats, ConnectSpec, FleetCommand, FleetEvent } from './fleet-protocol';

const CLIENT_SCRIPT = join(__dirname, '..', 'clients', 'client-process.ts');

/** One client process and the replies it still owes. */
class ClientProcess {
  private readonly waiting: ((event: FleetEvent) => void)[] = [];

  constructor(readonly child: ChildProcess) {
    child.on('message', (event: FleetEvent) => this.waiting.shift()?.(event));
  }

  /** Sends a command and waits for the reply (replies come in command order). */
  request(command: FleetCommand): Promise<FleetEvent> {
    return new Promise((resolve, reject) => {
      this.waiting.push((event) => (event.type === 'error' ? reject(new Error(`client process: ${event.message}`)) : resolve(event)));
      this.child.send(command);
    });
  }
}

/**
 * Benchmark clients spread over child processes (inheriting this process's `-r
 * @swc-node/register`), so the server process's CPU counts only the server.
 */
export class ClientFleet {
  private constructor(private readonly processes: ClientProcess[]) {}

  /** Forks `processes` client processes and connects `sockets` sockets among them. */
  static start(kind: ClientKind, url: string, sockets: number, processes: number): Promise<ClientFleet> {
    return ClientFleet.connect({ kind, url, sockets }, processes);
  }

  /** Forks `processes` client processes and connects `spec.sockets` sockets among them, as `spec` says. */
  static async connect(spec: ConnectSpec, processes: number): Promise<ClientFleet> {
    const fleet = new ClientFleet(Array.from({ length: processes }, () => new ClientProcess(fork(CLIENT_SCRIPT, [], { stdio: 'inherit' }))));
    await Promise.all(
      fleet.processes.map((p, i) => {
        const share = Math.floor(spec.sockets / processes) + (i < spec.sockets % processes ? 1 : 0);
        return p.request({ type: 'connect', ...spec, sockets: share });
      }),
    );
    return fleet;
  }

  /** Totals over every client process. */
  async stats(): Promise<ClientStats> {
    const replies = await Promise.all(this.processes.map((p) => p.request({ type: 'stats' })));
    const total: ClientStats = { frames: 0, bytes: 0, wireBytes: 0, cpuSeconds: 0, disconnects: 0 };
    for (const reply of replies) {
      if (reply.type !== 'stats') continue;
      total.frames += reply.frames;
      total.bytes += reply.bytes;
      total.wireBytes += reply.wireBytes;
      total.cpuSeconds += reply.cpuSeconds;
      total.disconnects += reply.disconnects;
    }
    return total;
  }

  close(): void {
    for (const p of this.processes) if (p.child.connected) p.child.send({ type: 'close' } satisfies FleetCommand);
  }
}
