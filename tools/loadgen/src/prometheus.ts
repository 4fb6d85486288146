/** Samples of one Prometheus text exposition: `name{labels}` (labels as written) → value. */
export type MetricSamples = Map<string, number>;

/**
 * Parses the Prometheus text format into samples. Comments and malformed lines are
 * skipped; timestamps after the value are ignored. Labels are kept as the exporter wrote
 * them (prom-client writes them in a stable order), so a lookup names them the same way.
 */
export function parsePrometheusText(text: string): MetricSamples {
  const samples: MetricSamples = new Map();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const close = line.lastIndexOf('}');
    const nameEnd = close >= 0 ? close + 1 : line.indexOf(' ');
    if (nameEnd <= 0) continue;
    const value = Number(line.slice(nameEnd).trim().split(/\s+/)[0]);
    if (!Number.isNaN(value)) samples.set(line.slice(0, nameEnd), value);
  }
  return samples;
}

/** Sum of every sample of `name` whose labels include all of `labels` (all samples when none are given). */
export function sumOf(samples: MetricSamples, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  let total: number | undefined;
  for (const [key, value] of samples) {
    if (key !== name && !key.startsWith(`${name}{`)) continue;
    if (!wanted.every((pair) => key.includes(pair))) continue;
    total = (total ?? 0) + value;
  }
  return total;
}

/** Fetches and parses `<baseUrl>/metrics`; undefined when the service does not answer in time. */
export async function scrape(baseUrl: string, timeoutMs = 5000): Promise<MetricSamples | undefined> {
  try {
    const response = await fetch(`${baseUrl.replace(/\/$/, '')}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return undefined;
    return parsePrometheusText(await response.text());
  } catch {
    return undefined;
  }
}
