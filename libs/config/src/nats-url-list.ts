/** One server of a NATS_URL list, as the client dials it. */
export interface NatsServerAddress {
  /** The entry as given (trimmed): what the services get. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
}

/** A NATS_URL list that is not a list of NATS server URLs; names the offending entry. */
export class NatsUrlListError extends Error {
  override readonly name = 'NatsUrlListError';
  /** What is wrong, without the "NATS URL list" prefix (for messages that name the variable). */
  readonly detail: string;

  constructor(
    readonly entry: string,
    /** 1-based position of the entry in the list (0 when the list as a whole is wrong). */
    readonly position: number,
    reason: string,
  ) {
    const detail = position === 0 ? reason : `entry ${position} ${JSON.stringify(entry)} ${reason}`;
    super(`NATS URL list: ${detail}`);
    this.detail = detail;
  }
}

/** More servers than any sane cluster has seeds: a longer list is a mistake, not a topology. */
export const MAX_NATS_URLS = 32;
const MAX_ENTRY_LENGTH = 512;
const DEFAULT_PORT = 4222;

// scheme (nats:// or tls://, optional as for the nats client), optional user[:pass]@,
// host name / IPv4 / bracketed IPv6, optional port. Nothing after the port.
const ENTRY = /^(?:(?<scheme>[A-Za-z][A-Za-z0-9+.-]*):\/\/)?(?:[^@/\s]+@)?(?<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::(?<port>\d{1,5}))?$/;
const SCHEMES = new Set(['nats', 'tls']);

/**
 * Parses a comma-separated NATS_URL (`nats://a:4222,nats://b:4222`, or bare `host:port`
 * entries as the nats client allows). Throws a NatsUrlListError for the first bad entry.
 */
export function parseNatsUrlList(list: string): NatsServerAddress[] {
  const entries = list.split(',').map((entry) => entry.trim());
  if (entries.length > MAX_NATS_URLS) throw new NatsUrlListError(list, 0, `lists ${entries.length} servers; at most ${MAX_NATS_URLS}`);
  return entries.map((entry, i) => parseEntry(entry, i + 1));
}

function parseEntry(entry: string, position: number): NatsServerAddress {
  if (entry === '') throw new NatsUrlListError(entry, position, 'is empty (stray comma?)');
  if (entry.length > MAX_ENTRY_LENGTH) throw new NatsUrlListError(entry.slice(0, 40), position, `is longer than ${MAX_ENTRY_LENGTH} characters`);
  const match = ENTRY.exec(entry);
  if (!match?.groups) throw new NatsUrlListError(entry, position, 'is not a NATS server URL (expected nats://host:port)');
  const { scheme, host, port } = match.groups;
  if (scheme !== undefined && !SCHEMES.has(scheme.toLowerCase())) throw new NatsUrlListError(entry, position, `has scheme ${scheme}://; use nats:// or tls://`);
  const portNumber = port === undefined ? DEFAULT_PORT : Number(port);
  if (portNumber < 1 || portNumber > 65535) throw new NatsUrlListError(entry, position, `has port ${port}; expected 1-65535`);
  return { url: entry, host: host.replace(/^\[(.*)\]$/, '$1'), port: portNumber };
}
