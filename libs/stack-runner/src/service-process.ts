import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { stopChild } from './nats-server';

/** The apps of the suite. */
export type AppName = 'gateway' | 'membership' | 'ingest' | 'fanout';

/** A running service process. */
export interface ServiceProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Base URL of its HTTP port (health, metrics, and socket.io or the admin API). */
  readonly httpUrl: string;
  stop(graceMs?: number): Promise<void>;
  kill(): void;
}

const workspaceRoot = join(__dirname, '..', '..', '..');

/** Where a service's output goes; the dev stack prefixes lines, tests keep them quiet. */
export type LineSink = (name: string, line: string) => void;

/**
 * Starts an app from source (TypeScript through @swc-node/register, no build step) with
 * the given environment, and resolves once its readiness endpoint answers 200.
 */
export async function startService(app: AppName, name: string, env: Record<string, string>, port: number, sink: LineSink, readyTimeoutMs = 30_000): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join('apps', app, 'src', 'main.ts')], {
    cwd: workspaceRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => sink(name, line));
  }
  const httpUrl = `http://127.0.0.1:${port}`;
  await waitReady(child, name, `${httpUrl}/health/ready`, readyTimeoutMs);
  return { name, child, httpUrl, stop: (graceMs) => stopChild(child, graceMs), kill: () => child.kill('SIGKILL') };
}

async function waitReady(child: ChildProcess, name: string, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} during start-up`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  child.kill('SIGKILL');
  throw new Error(`${name} not ready at ${url} within ${timeoutMs} ms`);
}
