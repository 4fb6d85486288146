import { mergeHistogram, type HistogramData } from './histogram';

/** A tree of stats as workers report them: numbers, histograms and nested records. */
export interface StatsTree {
  [key: string]: number | HistogramData | StatsTree | undefined;
}

function isHistogram(value: unknown): value is HistogramData {
  return typeof value === 'object' && value !== null && (value as HistogramData).bins instanceof Float64Array;
}

function cloneHistogram(h: HistogramData): HistogramData {
  return { bins: new Float64Array(h.bins), count: h.count, sum: h.sum, max: h.max, min: h.min };
}

function cloneTree<T extends StatsTree>(tree: T): T {
  const copy: StatsTree = {};
  for (const [key, value] of Object.entries(tree)) {
    if (value === undefined) continue;
    copy[key] = copyOf(value);
  }
  return copy as T;
}

function copyOf(value: number | HistogramData | StatsTree): number | HistogramData | StatsTree {
  return typeof value === 'number' ? value : isHistogram(value) ? cloneHistogram(value) : cloneTree(value);
}

function combineNumbers(key: string, a: number, b: number): number {
  if (key.startsWith('max')) return Math.max(a, b);
  if (key.startsWith('min')) return Math.min(a, b);
  return a + b;
}

/**
 * Merges worker stats into `into`, key by key: histograms add, numbers sum unless the
 * key starts with `max` (Math.max) or `min` (Math.min), records merge recursively and
 * keys only one side has are copied. So a new counter needs no merge code, only a name
 * that says how it combines.
 */
export function mergeStats<T extends object>(into: T, from: T): T {
  const target = into as StatsTree;
  for (const [key, value] of Object.entries(from as StatsTree)) {
    if (value === undefined) continue;
    const current = target[key];
    if (current === undefined) target[key] = copyOf(value);
    else if (typeof value === 'number' && typeof current === 'number') target[key] = combineNumbers(key, current, value);
    else if (isHistogram(value) && isHistogram(current)) mergeHistogram(current, value);
    else if (typeof value === 'object' && typeof current === 'object' && !isHistogram(value) && !isHistogram(current)) mergeStats<StatsTree>(current, value);
    else throw new Error(`stats key ${key}: cannot merge ${typeof current} with ${typeof value}`);
  }
  return into;
}

/** Merges a list of worker stats into a fresh tree (the inputs are not modified). */
export function mergeAll<T extends object>(parts: readonly T[]): T {
  const result = {} as T;
  for (const part of parts) mergeStats(result, part);
  return result;
}
