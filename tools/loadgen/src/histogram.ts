// A log-linear histogram of non-negative integers (HdrHistogram's layout, 7 significant
// bits): values below 128 are exact, larger ones land in one of 64 sub-buckets of their
// power of two, so any reported value is within 1/64 of what was recorded. Fixed size
// (1,664 bins), O(1) record with no allocation, and mergeable by adding bins, which is
// how worker processes' latencies are combined in the parent.

const SUB_BUCKETS = 64;
const EXACT_LIMIT = 2 * SUB_BUCKETS;
/** Largest recordable value; larger ones are clamped (2^31 - 1, e.g. 35 minutes in µs). */
export const HISTOGRAM_MAX_VALUE = 0x7fffffff;
const BIN_COUNT = SUB_BUCKETS * 24 + EXACT_LIMIT;

/** A histogram as it crosses IPC: plain data, merged by adding `bins` and summing `count`/`sum`. */
export interface HistogramData {
  bins: Float64Array;
  count: number;
  sum: number;
  /** Largest recorded value (exact); merged with Math.max. */
  max: number;
  /** Smallest recorded value (exact); merged with Math.min. */
  min: number;
}

/** Bin index of a value (already an integer in [0, HISTOGRAM_MAX_VALUE]). */
export function binOf(value: number): number {
  if (value < EXACT_LIMIT) return value;
  const shift = 31 - Math.clz32(value) - 6;
  return SUB_BUCKETS * shift + (value >>> shift);
}

/** Highest value that falls in a bin, the value percentiles report (as HdrHistogram does). */
export function binUpperBound(bin: number): number {
  if (bin < EXACT_LIMIT) return bin;
  const shift = Math.floor(bin / SUB_BUCKETS) - 1;
  const mantissa = bin - SUB_BUCKETS * shift;
  return (mantissa + 1) * 2 ** shift - 1;
}

/** Empty histogram data. */
export function emptyHistogram(): HistogramData {
  return { bins: new Float64Array(BIN_COUNT), count: 0, sum: 0, max: 0, min: Infinity };
}

/** Records one value: rounded to an integer and clamped into the recordable range. */
export function record(h: HistogramData, value: number): void {
  const v = value <= 0 ? 0 : value >= HISTOGRAM_MAX_VALUE ? HISTOGRAM_MAX_VALUE : Math.round(value);
  h.bins[binOf(v)]++;
  h.count++;
  h.sum += v;
  if (v > h.max) h.max = v;
  if (v < h.min) h.min = v;
}

/** Adds `from` into `into`. */
export function mergeHistogram(into: HistogramData, from: HistogramData): void {
  for (let i = 0; i < BIN_COUNT; i++) into.bins[i] += from.bins[i];
  into.count += from.count;
  into.sum += from.sum;
  into.max = Math.max(into.max, from.max);
  into.min = Math.min(into.min, from.min);
}

/** The value at percentile `p` (0–100): the smallest bin bound covering p% of values, capped at the exact max; 0 when empty. */
export function percentile(h: HistogramData, p: number): number {
  if (h.count === 0) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * h.count));
  let seen = 0;
  for (let i = 0; i < BIN_COUNT; i++) {
    seen += h.bins[i];
    if (seen >= rank) return Math.min(binUpperBound(i), h.max);
  }
  return h.max;
}

/** Mean of recorded values; 0 when empty. */
export function mean(h: HistogramData): number {
  return h.count === 0 ? 0 : h.sum / h.count;
}

/** The usual summary of a latency histogram recorded in µs, in ms rounded to 0.01. */
export function latencySummaryMs(h: HistogramData): { count: number; p50: number; p99: number; max: number; mean: number } {
  const ms = (us: number) => Math.round(us / 10) / 100;
  return { count: h.count, p50: ms(percentile(h, 50)), p99: ms(percentile(h, 99)), max: ms(h.count ? h.max : 0), mean: ms(mean(h)) };
}
