import { createServer, type Server } from 'node:net';
import { freePort, freePorts } from './nats-server';
import { assertPortsFree, findBusyPorts, PortsInUseError } from './port-check';

describe('stack-runner: port check', () => {
  let holder: Server;
  let taken: number;
  beforeAll(async () => {
    taken = await freePort();
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen(taken, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise((resolve) => holder.close(resolve)));

  it('passes free ports', async () => {
    const [a, b] = [await freePort(), await freePort()];
    await expect(findBusyPorts([{ service: 'ingest-1', port: a }, { service: 'fanout-1', port: b }])).resolves.toEqual([]);
  });

  it('names the service whose port another process holds (on any address, since services bind 0.0.0.0)', async () => {
    const free = await freePort();
    const error = await assertPortsFree([
      { service: 'ingest-1', port: free },
      { service: 'fanout-1', port: taken },
    ]).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(PortsInUseError);
    expect((error as Error).message).toBe(`ports unusable:\n  - port ${taken} (fanout-1) is already in use (another process listens on it)`);
  });

  it('reports a port given to two services and ports out of range', async () => {
    const free = await freePort();
    const busy = await findBusyPorts([
      { service: 'gateway-1', port: free },
      { service: 'gateway-2', port: free },
      { service: 'membership-1', port: 70000 },
    ]);
    expect(busy.map((b) => `${b.claim.service}: ${b.problem}`)).toEqual(['gateway-2: is also given to gateway-1', 'membership-1: is not a TCP port (1-65535)']);
  });

  it('hands out distinct free ports when asked for several at once', async () => {
    const ports = await freePorts(20);
    expect(new Set(ports).size).toBe(20);
    await expect(findBusyPorts(ports.map((port, i) => ({ service: `svc-${i}`, port })))).resolves.toEqual([]);
  });
});
