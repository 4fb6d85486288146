import { createHook } from 'node:async_hooks';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';

/**
 * Preloaded into a service (`NODE_OPTIONS=--require …`, with WAKEUP_CENSUS_DIR set) to
 * count what wakes it: every callback the event loop runs for a timer, a socket read, an
 * HTTP parser or a child, keyed by its kind and the first frame of our code (or the
 * package) that created it; garbage collections apart. The first SIGUSR2 starts the
 * window, the second writes `<dir>/<INSTANCE_ID>.json` with the counts per second.
 * Promises are left out: they run inside one of the counted wake-ups.
 */
const dir = process.env.WAKEUP_CENSUS_DIR;
const root = join(__dirname, '..', '..', '..', '..');
const keys = new Map<number, string>();
let counts = new Map<string, number>();
let gcs = new Map<string, { n: number; ms: number }>();
// perf_hooks' gc kinds (NODE_PERFORMANCE_GC_*).
const GC_KINDS: Record<number, string> = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weakcb' };
let since = process.hrtime.bigint();

function originOf(stack: string): string {
  const frames = stack.split('\n').slice(1).map((line) => line.trim().replace(/^at /, ''));
  const outside = frames.filter((f) => !f.includes('wakeup-census') && !f.includes('node:internal') && !f.includes('(node:'));
  const ours = outside.find((f) => /[/\\](apps|libs)[/\\]/.test(f) && !f.includes('node_modules'));
  const pick = ours ?? outside.find((f) => f.includes('node_modules')) ?? outside[0] ?? 'node internals';
  const pkg = /node_modules[/\\]((@[^/\\]+[/\\])?[^/\\]+)/.exec(pick);
  if (!ours && pkg) return `package ${pkg[1]}`;
  return pick.split(`${root}/`).join('');
}

function start(): void {
  const hook = createHook({
    init(asyncId, type) {
      if (type === 'PROMISE') return;
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 40;
      const stack = new Error().stack ?? '';
      Error.stackTraceLimit = limit;
      keys.set(asyncId, `${type} ${originOf(stack)}`);
    },
    before(asyncId) {
      const key = keys.get(asyncId);
      if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
    },
    destroy(asyncId) {
      keys.delete(asyncId);
    },
  });
  hook.enable();
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = GC_KINDS[(entry as { detail?: { kind?: number } }).detail?.kind ?? 0] ?? 'other';
      const seen = gcs.get(kind) ?? { n: 0, ms: 0 };
      gcs.set(kind, { n: seen.n + 1, ms: seen.ms + entry.duration });
    }
  }).observe({ entryTypes: ['gc'] });
  let windowOpen = false;
  process.on('SIGUSR2', () => {
    if (windowOpen) write();
    counts = new Map();
    gcs = new Map();
    since = process.hrtime.bigint();
    windowOpen = !windowOpen;
  });
}

function write(): void {
  const seconds = Number(process.hrtime.bigint() - since) / 1e9;
  const perSecond = [...counts].sort((a, b) => b[1] - a[1]).map(([key, n]) => [key, Math.round((n / seconds) * 100) / 100] as const);
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  const name = process.env.INSTANCE_ID ?? String(process.pid);
  writeFileSync(join(dir as string, `${name}.json`), JSON.stringify({ seconds, wakeupsPerSecond: Math.round((total / seconds) * 100) / 100, gc: Object.fromEntries([...gcs].map(([kind, { n, ms }]) => [kind, { n, ms: Math.round(ms * 10) / 10 }])), callbacks: Object.fromEntries(perSecond) }));
}

if (dir) start();
