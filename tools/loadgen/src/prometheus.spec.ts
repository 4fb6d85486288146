import { parsePrometheusText, sumOf } from './prometheus';
import { delta, snapshotFrom } from './service-snapshot';

const TEXT = `# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.
# TYPE process_cpu_seconds_total counter
process_cpu_seconds_total 12.5
process_resident_memory_bytes 104857600
livecast_gateway_connections 300
livecast_gateway_frame_writes_total{outcome="sent"} 1000
livecast_gateway_frame_writes_total{outcome="skipped"} 7
livecast_gateway_frames_received_total 50 1700000000000
nodejs_heap_size_used_bytes NaN
garbage line
`;

describe('prometheus', () => {
  it('parsePrometheusText: samples with and without labels, timestamps ignored, comments skipped', () => {
    const samples = parsePrometheusText(TEXT);
    expect(samples.get('process_cpu_seconds_total')).toBe(12.5);
    expect(samples.get('livecast_gateway_frame_writes_total{outcome="sent"}')).toBe(1000);
    expect(samples.get('livecast_gateway_frames_received_total')).toBe(50);
    expect(samples.has('garbage')).toBe(false);
  });

  it('sumOf: filters by labels, sums across label sets, undefined when absent', () => {
    const samples = parsePrometheusText(TEXT);
    expect(sumOf(samples, 'livecast_gateway_frame_writes_total')).toBe(1007);
    expect(sumOf(samples, 'livecast_gateway_frame_writes_total', { outcome: 'skipped' })).toBe(7);
    expect(sumOf(samples, 'nope')).toBeUndefined();
  });

  it('snapshot delta: differences of every number, ok only when both scrapes were', () => {
    const before = snapshotFrom('g', parsePrometheusText(TEXT), 1);
    const after = snapshotFrom('g', parsePrometheusText(TEXT.replace('12.5', '14').replace('"sent"} 1000', '"sent"} 1500')), 2);
    const d = delta(before, after);
    expect(d.cpuSeconds).toBe(1.5);
    expect(d.writesSent).toBe(500);
    expect(d.connections).toBe(0);
    expect(d.ok).toBe(true);
    expect(delta(before, snapshotFrom('g', undefined, 3)).ok).toBe(false);
  });
});
