import type { Names } from '@livecast/contracts';
import type { JetStreamClient, KV } from 'nats';

/** Options of a KV bucket. */
export interface BucketOptions {
  history?: number;
  ttlMs?: number;
  replicas?: number;
  /**
   * Read every key from the stream leader, never by direct get from any replica: for
   * compare-and-set state (leases), where a replica still catching up after a restart
   * hands out old revisions and every update against them fails.
   */
  leaderReads?: boolean;
}

/**
 * Opens a KV bucket, creating it on first use: for the bucket's owner, the one identity
 * allowed to create it. `opsJs` is the client its operations go through when they need
 * other request timeouts than the creation (which, replicated, can take longer).
 */
export async function openBucket(js: JetStreamClient, bucket: string, options: BucketOptions = {}, opsJs = js): Promise<KV> {
  const kv = await js.views.kv(bucket, {
    history: options.history ?? 1,
    ttl: options.ttlMs ?? 0,
    replicas: options.replicas ?? 1,
  });
  if (options.leaderReads) return opsJs.views.kv(bucket, { bindOnly: true, allow_direct: false });
  return opsJs === js ? kv : opsJs.views.kv(bucket, { bindOnly: true });
}

/**
 * Binds to a KV bucket another service owns (and creates), waiting while it does not
 * exist yet: services start in any order, and a reader may not create it.
 */
export async function bindBucket(js: JetStreamClient, names: Names, bucket: string, onWait: (bucket: string) => void, retryMs = 500): Promise<KV> {
  const jsm = await js.jetstreamManager();
  for (let waited = false; ; waited = true) {
    try {
      const info = await jsm.streams.info(names.kvStream(bucket));
      return await js.views.kv(bucket, { bindOnly: true, allow_direct: info.config.allow_direct === true });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      if (!waited) onWait(bucket);
      await new Promise((r) => setTimeout(r, retryMs));
    }
  }
}

/** True for JetStream's "not found" answers (stream, consumer or message). */
export function isNotFound(err: unknown): boolean {
  const e = err as { api_error?: { err_code?: number }; code?: string };
  return e?.api_error?.err_code === 10059 || e?.code === '404';
}
