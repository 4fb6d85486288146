import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** One function's share of a profile's samples. */
export interface HotFunction {
  fn: string;
  /** Share of all samples spent in the function itself, percent. */
  selfPct: number;
}

/**
 * The functions with the most self time in the newest `.cpuprofile` of `dir` (what
 * `node --cpu-prof` wrote), counting only the samples of its last `tailMs` (the measured
 * phase, not the start-up's module compilation).
 */
export function hottestFunctions(dir: string, tailMs: number, top = 20): HotFunction[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort();
  if (files.length === 0) return [];
  const profile = JSON.parse(readFileSync(join(dir, files[files.length - 1]), 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const span = profile.timeDeltas.reduce((sum, dt) => sum + dt, 0);
  const from = span - tailMs * 1000;
  let total = 0;
  let at = 0;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at < from) return;
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    const where = frame.url ? `${relative(process.cwd(), frame.url.replace(/^file:\/\//, ''))}:${frame.lineNumber + 1}` : '';
    const key = `${frame.functionName || '(anonymous)'} ${where}`.trim();
    const dt = profile.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([fn, t]) => ({ fn, selfPct: Math.round((1000 * t) / total) / 10 }));
}
