import { ErrorCode, LivecastError, type Principal } from '@livecast/contracts';
import { createHash, timingSafeEqual } from 'node:crypto';

/** A back-end caller's key as configured: who it is, and the key. */
export interface ApiKey {
  name: string;
  key: string;
}

interface StoredKey {
  principal: Principal;
  digest: Buffer;
}

/**
 * Service API keys of the admin API, for back-end callers (`ADMIN_API_KEYS`). A match
 * acts as an admin named `api-key:<name>`. Keys are compared as SHA-256 digests with
 * `timingSafeEqual`, against every configured key without stopping at a match, so the
 * time taken says nothing about which key, or how much of one, was right.
 */
export class ApiKeyRing {
  private readonly keys: StoredKey[];

  constructor(keys: readonly ApiKey[]) {
    this.keys = keys.map(({ name, key }) => ({ principal: { id: `api-key:${name}`, name, role: 'admin', guest: false }, digest: digest(key) }));
  }

  get size(): number {
    return this.keys.length;
  }

  /** The principal of a presented key; throws UNAUTHENTICATED when it matches none. */
  verify(presented: string): Principal {
    const candidate = digest(presented);
    let found: Principal | undefined;
    for (const stored of this.keys) {
      if (timingSafeEqual(stored.digest, candidate)) found = stored.principal;
    }
    if (!found) throw new LivecastError(ErrorCode.Unauthenticated, 'api key invalid');
    return found;
  }
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}
