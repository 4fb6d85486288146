import { NatsLink } from './nats-link';
import { ReadinessRegistry } from './readiness';

describe('service-runtime: readiness', () => {
  it('NatsLink: not ready from a disconnect until the reconnect', () => {
    const link = new NatsLink();
    const seen = ['update', 'disconnect', 'reconnecting', 'reconnect'].map((status) => {
      link.status(status);
      return link.ready();
    });
    expect(seen).toEqual([true, false, false, true]);
  });

  it('ReadinessRegistry: names every failing check, and shutting-down once stopping', () => {
    const registry = new ReadinessRegistry();
    const link = new NatsLink();
    registry.add(link);
    registry.add({ name: 'partitions', ready: () => true });
    expect(registry.failing()).toEqual([]);
    link.status('disconnect');
    expect(registry.failing()).toEqual(['nats']);
    registry.markStopping();
    expect(registry.failing()).toEqual(['shutting-down', 'nats']);
  });
});
