import { floodVersusPeer, medians, peerFloodCost, suiteFloodCost, type FloodRun } from './flood-cost';

function floodRun(over: { acked: number; suiteCpu: number; services?: FloodRun['services']; processes?: FloodRun['processes'] }): FloodRun {
  return {
    setup: { durationSec: 8 },
    errors: {},
    flood: {
      acked: over.acked,
      ackMs: { p99: 30 },
      e2e: { fromSendMs: { p50: 100, p99: 5000 } },
      priorityDelivery: { ratio: 0.7 },
      perViewer: { normal: { maxWindow: 20 }, priority: { maxWindow: 10 }, gaps: 0 },
    },
    gateways: [
      { cpuSeconds: 1, framesReceivedPerSec: 12.5 },
      { cpuSeconds: 1.5, framesReceivedPerSec: 12.5 },
    ],
    services: over.services ?? [],
    processes: over.processes ?? [],
    suite: { cpuSeconds: over.suiteCpu, cpuUsPerAcceptedMessage: (over.suiteCpu / over.acked) * 1e6 },
  };
}

describe('bench: flood cost', () => {
  const urls = { ingest: 'http://i', fanout: 'http://f' };

  it('prices each service of a suite run per accepted message and per frame', () => {
    const run = floodRun({
      acked: 2000,
      suiteCpu: 6,
      services: [
        { url: 'http://i', cpuSeconds: 1 },
        { url: 'http://f', cpuSeconds: 0.5 },
      ],
      processes: [{ name: 'nats', cpuSeconds: 1.2 }],
    });
    expect(suiteFloodCost(run, urls)).toMatchObject({
      accepted: 2000,
      ingestAcceptedPerCpuSecond: 2000,
      fanoutUsPerConsumedMessage: 250,
      fanoutUsPerFrame: 5000, // 0.5 s over 12.5 frames/s × 8 s
      natsServerUsPerAcceptedMessage: 600,
      gatewayCpuSeconds: 2.5,
      suiteCpuSecondsWithoutNats: 4.8,
      normalMaxPerViewerSecond: 20,
    });
  });

  it('leaves out what a run did not scrape', () => {
    const cost = suiteFloodCost(floodRun({ acked: 100, suiteCpu: 1 }), urls);
    expect(cost.ingestAcceptedPerCpuSecond).toBeUndefined();
    expect(cost.natsServerUsPerAcceptedMessage).toBeUndefined();
    expect(cost.suiteCpuSecondsWithoutNats).toBe(1);
  });

  it('compares with the peer in total and per accepted message', () => {
    const suite = suiteFloodCost(floodRun({ acked: 2000, suiteCpu: 4, processes: [{ name: 'nats', cpuSeconds: 1 }] }), urls);
    const peer = peerFloodCost(floodRun({ acked: 4000, suiteCpu: 10 }));
    expect(floodVersusPeer(suite, peer)).toEqual({ cpu: 0.4, cpuWithoutNats: 0.3, perAcceptedMessage: 0.8 });
  });

  it('takes the median of every numeric field over rounds, skipping rounds without it', () => {
    expect(medians([{ a: 3, b: 1 }, { a: 1 }, { a: 2, b: undefined }])).toEqual({ a: 2, b: 1 });
  });
});
