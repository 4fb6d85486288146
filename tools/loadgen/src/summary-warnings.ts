/** The parts of a summary the warnings look at. */
export interface WarningInput {
  scenario: string;
  rate: number;
  prioritySharePct: number;
  machineBusyPercent: number | null;
  loopDelayP99Ms: number | null;
  issued: number;
  missed: number;
  failedConnections: number;
  errorCount: number;
  metricsOk: boolean[];
}

/** Per-viewer priority budget of the shaper (PRIORITY_RATE default), msgs/s. */
const PRIORITY_RATE = 10;

/**
 * Plain-language caveats of a run, so a number is not read without its context: a
 * saturated machine, a load generator that fell behind, failures, or a result that is
 * below target by design.
 */
export function warningsFor(w: WarningInput): string[] {
  const warnings: string[] = [];
  if (w.machineBusyPercent !== null && w.machineBusyPercent >= 90) {
    warnings.push(`machine CPU was ${w.machineBusyPercent}% busy: latencies include CPU queueing; prefer the per-unit CPU costs`);
  }
  if (w.loopDelayP99Ms !== null && w.loopDelayP99Ms >= 50) {
    warnings.push(`load generator event-loop delay p99 ${w.loopDelayP99Ms} ms: its own timing is inflated (add --workers or lower the load)`);
  }
  if (w.issued > 0 && w.missed / (w.issued + w.missed) > 0.01) {
    warnings.push(`${w.missed} operations were not issued on time (missed): the offered rate was below target`);
  }
  if (w.failedConnections > 0) warnings.push(`${w.failedConnections} connection(s) failed: see errors`);
  if (w.errorCount > 0) warnings.push(`${w.errorCount} error(s): see errors`);
  if (w.metricsOk.some((ok) => !ok)) warnings.push('a /metrics scrape failed: that service reports zeros (metricsOk false)');
  const priorityRate = (w.rate * w.prioritySharePct) / 100;
  if (w.scenario === 'flood' && priorityRate > PRIORITY_RATE) {
    warnings.push(`priority offered ${priorityRate.toFixed(0)} msgs/s is above the shaper's ${PRIORITY_RATE}/s per viewer: a priority delivery ratio below 1 is by design`);
  }
  return warnings;
}
