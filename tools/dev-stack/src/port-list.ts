/** Parses a comma-separated list of TCP ports from a command-line option; throws naming the option and entry. */
export function parsePortList(value: string, option: string): number[] {
  return value.split(',').map((entry) => {
    const trimmed = entry.trim();
    const port = Number(trimmed);
    if (!/^\d{1,5}$/.test(trimmed) || port < 1 || port > 65535) throw new Error(`${option}: ${JSON.stringify(trimmed)} is not a TCP port (1-65535)`);
    return port;
  });
}

/** Parses one TCP port from a command-line option. */
export function parsePort(value: string, option: string): number {
  const ports = parsePortList(value, option);
  if (ports.length !== 1) throw new Error(`${option}: expected one port, got ${JSON.stringify(value)}`);
  return ports[0];
}
