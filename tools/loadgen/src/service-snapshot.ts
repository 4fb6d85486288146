import { scrape, sumOf, type MetricSamples } from './prometheus';

/** The numbers the load generator reads from one service's /metrics at one moment. */
export interface ServiceSnapshot {
  url: string;
  /** Wall-clock ms when the scrape answered. */
  at: number;
  ok: boolean;
  cpuSeconds: number;
  rssBytes: number;
  heapUsedBytes: number;
  externalBytes: number;
  /** Gateway-only counters (0 on other services). */
  connections: number;
  framesReceived: number;
  writesSent: number;
  writesSkipped: number;
  messagesDelivered: number;
  slowDisconnects: number;
}

const ZERO: Omit<ServiceSnapshot, 'url' | 'at' | 'ok'> = {
  cpuSeconds: 0,
  rssBytes: 0,
  heapUsedBytes: 0,
  externalBytes: 0,
  connections: 0,
  framesReceived: 0,
  writesSent: 0,
  writesSkipped: 0,
  messagesDelivered: 0,
  slowDisconnects: 0,
};

/** Reads a snapshot from parsed samples; absent metrics read as 0. */
export function snapshotFrom(url: string, samples: MetricSamples | undefined, at: number): ServiceSnapshot {
  if (!samples) return { url, at, ok: false, ...ZERO };
  const get = (name: string, labels?: Record<string, string>) => sumOf(samples, name, labels) ?? 0;
  return {
    url,
    at,
    ok: true,
    cpuSeconds: get('process_cpu_seconds_total'),
    rssBytes: get('process_resident_memory_bytes'),
    heapUsedBytes: get('nodejs_heap_size_used_bytes'),
    externalBytes: get('nodejs_external_memory_bytes'),
    connections: get('livecast_gateway_connections'),
    framesReceived: get('livecast_gateway_frames_received_total'),
    writesSent: get('livecast_gateway_frame_writes_total', { outcome: 'sent' }),
    writesSkipped: get('livecast_gateway_frame_writes_total', { outcome: 'skipped' }),
    messagesDelivered: get('livecast_gateway_messages_delivered_total'),
    slowDisconnects: get('livecast_gateway_slow_disconnects_total'),
  };
}

/** Scrapes every URL at once. */
export async function snapshotAll(urls: readonly string[]): Promise<ServiceSnapshot[]> {
  return Promise.all(urls.map(async (url) => snapshotFrom(url, await scrape(url), Date.now())));
}

/** Counter and gauge changes between two snapshots of the same service. */
export function delta(before: ServiceSnapshot, after: ServiceSnapshot): ServiceSnapshot {
  const d = { url: after.url, at: after.at, ok: before.ok && after.ok } as ServiceSnapshot;
  for (const key of Object.keys(ZERO) as (keyof typeof ZERO)[]) d[key] = after[key] - before[key];
  return d;
}
