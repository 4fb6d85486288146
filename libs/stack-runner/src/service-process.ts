import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';
import { stopChild } from './nats-server';
import { ServiceStartError } from './service-start-error';

/** The apps of the suite. */
export type AppName = 'gateway' | 'membership' | 'ingest' | 'fanout';

/** A running service process. */
export interface ServiceProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Base URL of its HTTP port (socket.io or the admin API; health and metrics too unless OPS_PORT is set). */
  readonly httpUrl: string;
  /** Base URL of health and metrics: OPS_PORT's when set, else `httpUrl`. */
  readonly opsUrl: string;
  stop(graceMs?: number): Promise<void>;
  kill(): void;
}

/** A Node process that serves `/health/ready` on a loopback port (or on OPS_PORT, when its env sets one) once it is up. */
export interface ProcessSpec {
  name: string;
  /** Arguments to `node` (the script and its options). */
  args: string[];
  env: Record<string, string>;
  port: number;
}

/** How long a start may take, and a signal that abandons it (the process is killed). */
export interface StartOptions {
  readyTimeoutMs?: number;
  signal?: AbortSignal;
}

const workspaceRoot = join(__dirname, '..', '..', '..');
/** Output lines kept for the error of a failed start: enough for a config error or a stack trace. */
const TAIL_LINES = 20;

/** Where a service's output goes; the dev stack prefixes lines, tests keep them quiet. */
export type LineSink = (name: string, line: string) => void;

/** A service's start: from source unless `bundles` is set. */
export interface ServiceStartOptions extends StartOptions {
  /** Run the production bundle `<bundles>/<app>/main.js` (what `npm run build` writes to dist/apps) instead of the sources. */
  bundles?: string;
  /** Write the process's CPU profile (`node --cpu-prof`) into this directory when it exits, named `<name>.<start ms>.cpuprofile`. */
  cpuProfileDir?: string;
}

/**
 * The bundles directory a `--bundles [dir]` command-line option names: `dir` (from the
 * working directory), the workspace's dist/apps (what `npm run build` writes) when bare.
 */
export function bundlesFromOption(value: string | boolean | undefined): string | undefined {
  if (value === true) return join(workspaceRoot, 'dist', 'apps');
  return value ? resolve(value) : undefined;
}

/**
 * Starts an app — from source (TypeScript through @swc-node/register, no build step) or its
 * built bundle — with the given environment, and resolves once its readiness endpoint answers 200.
 */
export function startService(app: AppName, name: string, env: Record<string, string>, port: number, sink: LineSink, options: ServiceStartOptions = {}): Promise<ServiceProcess> {
  const { bundles, cpuProfileDir, ...start } = options;
  const profile = cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfileDir, '--cpu-prof-name', `${name}.${Date.now()}.cpuprofile`] : [];
  const entry = bundles ? [join(bundles, app, 'main.js')] : ['-r', '@swc-node/register', join('apps', app, 'src', 'main.ts')];
  const args = [...profile, ...entry];
  return startProcess({ name, args, env, port }, sink, start);
}

/**
 * Spawns `node` with the spec's arguments in the workspace root and resolves once
 * `/health/ready` answers 200. Rejects with a ServiceStartError (and leaves no process)
 * when the process exits first, is not ready in time, or the start is aborted.
 */
export async function startProcess(spec: ProcessSpec, sink: LineSink, options: StartOptions = {}): Promise<ServiceProcess> {
  options.signal?.throwIfAborted();
  const child = spawn(process.execPath, spec.args, { cwd: workspaceRoot, env: { ...process.env, ...spec.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      sink(spec.name, line);
    });
  }
  const httpUrl = `http://127.0.0.1:${spec.port}`;
  const opsUrl = spec.env.OPS_PORT && spec.env.OPS_PORT !== '0' ? `http://127.0.0.1:${spec.env.OPS_PORT}` : httpUrl;
  try {
    await waitReady(child, `${opsUrl}/health/ready`, options.readyTimeoutMs ?? 30_000, options.signal);
  } catch (reason) {
    await stopChild(child, 2000);
    await outputDrained(child);
    throw new ServiceStartError(spec.name, reason instanceof Error ? reason.message : String(reason), tail, child.pid);
  }
  return { name: spec.name, child, httpUrl, opsUrl, stop: (graceMs) => stopChild(child, graceMs), kill: () => child.kill('SIGKILL') };
}

async function waitReady(child: ChildProcess, url: string, timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (signal?.aborted) throw new Error('start-up abandoned (another service failed, or the stack is stopping)');
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode} during start-up`);
    if (child.signalCode !== null) throw new Error(`was killed by ${child.signalCode} during start-up`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`not ready at ${url} within ${timeoutMs} ms`);
}

/** The last lines a process wrote before it exited, so the start error can show them. */
function outputDrained(child: ChildProcess): Promise<void> {
  const open = [child.stdout, child.stderr].filter((s) => s && !s.readableEnded);
  return Promise.race([
    Promise.all(open.map((s) => new Promise((resolve) => s?.once('close', resolve)))).then(() => undefined),
    new Promise<void>((resolve) => setTimeout(resolve, 500).unref()),
  ]);
}
