/**
 * Which browser origins may open a socket (`ALLOWED_ORIGINS`). CORS alone does not stop a
 * browser's WebSocket, so the gateway asks this on every handshake and upgrade request.
 * An empty list allows every origin (local development). A request without an Origin
 * header is not from a browser page and is allowed: such clients can send any header anyway.
 */
export class OriginPolicy {
  private readonly allowed: ReadonlySet<string>;

  constructor(origins: readonly string[]) {
    this.allowed = new Set(origins.map(normalize));
  }

  /** The allow-list, or `true` (any origin) when it is empty; for socket.io's CORS option. */
  get corsOrigin(): true | string[] {
    return this.allowed.size === 0 ? true : [...this.allowed];
  }

  allows(origin: string | undefined): boolean {
    if (origin === undefined || this.allowed.size === 0) return true;
    return this.allowed.has(normalize(origin));
  }
}

function normalize(origin: string): string {
  return origin.trim().toLowerCase().replace(/\/+$/, '');
}
