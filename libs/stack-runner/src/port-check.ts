import { createServer } from 'node:net';

/** A port a service of the stack is going to listen on. */
export interface PortClaim {
  service: string;
  port: number;
}

/** Ports the stack needs that are taken (by another process, or twice in its own plan). */
export class PortsInUseError extends Error {
  override readonly name = 'PortsInUseError';

  constructor(readonly busy: readonly { claim: PortClaim; problem: string }[]) {
    super(`ports unusable:\n${busy.map(({ claim, problem }) => `  - port ${claim.port} (${claim.service}) ${problem}`).join('\n')}`);
  }
}

/**
 * Checks, before anything starts, that every claimed port is a valid TCP port, claimed
 * once, and free on `host` (the services bind 0.0.0.0 by default, which conflicts with a
 * listener on any address). Resolves with the problems; empty when all is well.
 */
export async function findBusyPorts(claims: readonly PortClaim[], host = '0.0.0.0'): Promise<{ claim: PortClaim; problem: string }[]> {
  const problems: { claim: PortClaim; problem: string }[] = [];
  const owner = new Map<number, string>();
  for (const claim of claims) {
    const first = owner.get(claim.port);
    if (!Number.isInteger(claim.port) || claim.port < 1 || claim.port > 65535) problems.push({ claim, problem: 'is not a TCP port (1-65535)' });
    else if (first !== undefined) problems.push({ claim, problem: `is also given to ${first}` });
    else owner.set(claim.port, claim.service);
  }
  const checked = await Promise.all([...owner].map(async ([port, service]) => ({ claim: { service, port }, problem: await bindProblem(port, host) })));
  for (const { claim, problem } of checked) if (problem) problems.push({ claim, problem });
  return problems;
}

function bindProblem(port: number, host: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      resolve(err.code === 'EADDRINUSE' ? 'is already in use (another process listens on it)' : `cannot be bound: ${err.code ?? err.message}`),
    );
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

/** Throws a PortsInUseError naming every service whose port is unusable. */
export async function assertPortsFree(claims: readonly PortClaim[], host?: string): Promise<void> {
  const busy = await findBusyPorts(claims, host);
  if (busy.length > 0) throw new PortsInUseError(busy);
}
