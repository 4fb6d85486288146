import { parseMix } from './mix';
import type { LoadgenOptions } from './options';
import { autoDwellMs, gatewayIndexOf, planWorkers, sampleViewerIndices, senderCounts, sliceOf, sourceAddressesFor, sourceIndexOf, workerCount } from './plan';

const base: LoadgenOptions = {
  scenario: 'churn',
  client: 'lean',
  gateways: ['http://a', 'http://b'],
  membership: 'http://m',
  services: [],
  processes: [],
  viewers: 1000,
  rooms: 10,
  durationSec: 10,
  rate: 1000,
  workers: 0,
  sourceAddresses: [],
  connectRate: 2000,
  connectConcurrency: 500,
  ackTimeoutMs: 10_000,
  senderRate: 0.6,
  systemSenderRate: 8,
  mix: parseMix('chat=0.8,like=0.1,gift=0.05,system=0.05'),
  sampleViewers: 20,
  drainMs: 3000,
  settleMs: 1000,
  jwtSecret: 'secret-secret-secret',
  runId: 'lgtest',
  progress: false,
};

describe('plan', () => {
  it('slices: cover the range exactly, in order, near-equal', () => {
    const slices = [0, 1, 2].map((i) => sliceOf(10, 3, i));
    expect(slices).toEqual([
      { from: 0, to: 3 },
      { from: 3, to: 6 },
      { from: 6, to: 10 },
    ]);
  });

  it('assignment: gateways round-robin, source addresses decorrelated from gateways', () => {
    const pairs = [0, 1, 2, 3].map((i) => [gatewayIndexOf(i, 2), sourceIndexOf(i, 2, 2)]);
    expect(pairs).toEqual([
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
    ]);
    expect(sourceIndexOf(5, 2, 0)).toBe(-1);
  });

  it('workers: auto is one per 15K connections; too many per process is refused', () => {
    expect(workerCount(0, 100)).toBe(1);
    expect(workerCount(0, 40_000)).toBe(3);
    expect(() => workerCount(1, 20_000)).toThrow(/--workers/);
  });

  it('source addresses: only when a gateway would take more than 25K from one address', () => {
    expect(sourceAddressesFor([], 40_000, 2)).toEqual([]);
    expect(sourceAddressesFor([], 60_000, 2)).toEqual(['127.0.0.2', '127.0.0.3', '127.0.0.4']);
    expect(sourceAddressesFor(['127.0.0.9'], 60_000, 2)).toEqual(['127.0.0.9']);
  });

  it('churn: rate split by viewer share, dwell derived from the cycle', () => {
    const plans = planWorkers({ ...base, workers: 2 });
    expect(plans.map((p) => p.churn?.rate)).toEqual([500, 500]);
    expect(plans[0].churn?.dwellMs).toEqual(autoDwellMs(1000, 1000));
    expect(autoDwellMs(1000, 1000)).toEqual([400, 1600]);
    expect(plans[1].rooms).toHaveLength(10);
  });

  it('flood: senders for the rate, rates split by sender share, samples in the owning worker', () => {
    const o = { ...base, scenario: 'flood' as const, rate: 100, workers: 2 };
    expect(senderCounts(o)).toEqual({ normalRate: 95, systemRate: 5, senders: 159, systemSenders: 1 });
    const plans = planWorkers(o);
    const total = plans.reduce((sum, p) => sum + (p.flood?.normalRate ?? 0), 0);
    expect(total).toBeCloseTo(95);
    expect(plans.reduce((sum, p) => sum + (p.flood?.systemRate ?? 0), 0)).toBeCloseTo(5);
    expect(plans[0].rooms).toEqual(['lgtest-flood']);
    const samples = plans.flatMap((p) => p.flood?.sampleViewers ?? []);
    expect(samples).toEqual(sampleViewerIndices(1000, 20));
    expect(plans[1].flood?.sampleViewers.every((i) => i >= 500)).toBe(true);
  });

  it('idle: no rooms means no joins', () => {
    expect(planWorkers({ ...base, scenario: 'idle', rooms: 0 })[0].rooms).toEqual([]);
  });

  it('storm: one hot room by default, needs no rate, the connect ramp split by connection share', () => {
    const plans = planWorkers({ ...base, scenario: 'storm', rooms: 1, rate: 0, viewers: 10_000, workers: 2, connectRate: 50_000 });
    expect(plans.map((p) => p.rooms)).toEqual([['lgtest-s0'], ['lgtest-s0']]);
    expect(plans.map((p) => p.connectRate)).toEqual([25_000, 25_000]);
    expect(plans.every((p) => p.churn === undefined && p.flood === undefined)).toBe(true);
  });
});
