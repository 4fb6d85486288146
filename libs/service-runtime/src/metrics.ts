import { jetStreamErrorKind } from '@livecast/nats';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The process's metric registry; every service registers its own metrics on it. */
export const metricsRegistry = new Registry();
// The event-loop delay histogram samples with a timer of this period; prom-client's default
// of 10 ms wakes an idle service 100 times a second, which costs more than everything else
// it does at rest. Sampled once a second, a stall that spans a sample still shows in max and p99.
const EVENT_LOOP_SAMPLE_MS = 1000;
collectDefaultMetrics({ register: metricsRegistry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });

/** A counter on the process registry, named `livecast_<name>`. */
export function counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
  return new Counter({ name: `livecast_${name}`, help, labelNames, registers: [metricsRegistry] });
}

export function gauge<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Gauge<L> {
  return new Gauge({ name: `livecast_${name}`, help, labelNames, registers: [metricsRegistry] });
}

/** Latency histogram in seconds with buckets from 0.5 ms to 5 s. */
export function latencyHistogram<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Histogram<L> {
  return new Histogram({
    name: `livecast_${name}`,
    help,
    labelNames,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [metricsRegistry],
  });
}

/** Bus-level metrics every service has. */
export const busMetrics = {
  invalidMessages: counter('bus_invalid_messages_total', 'bus messages dropped at the boundary', ['channel'] as const),
  connected: gauge('nats_connected', '1 while the NATS connection is up'),
  reconnects: counter('nats_reconnects_total', 'reconnections of the NATS connection (to the same or another server)'),
  disconnects: counter('nats_disconnects_total', 'losses of the NATS connection'),
  resentRequests: counter('bus_requests_resent_total', 'requests sent again after neither a receipt nor a reply came (routed where nobody could answer)', ['channel'] as const),
};

const apiErrors = counter('jetstream_api_errors_total', 'failed JetStream API calls, by operation and kind (timeout, no_responders, not_found, conflict, unavailable, other)', [
  'op',
  'kind',
] as const);

/** Counts a failed JetStream call under its operation (`consumer.info`, `stream.append`, `kv.update`, …) and kind. */
export const jetStreamErrors = {
  record(op: string, err: unknown): void {
    apiErrors.inc({ op, kind: jetStreamErrorKind(err) });
  },
};
