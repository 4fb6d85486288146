import type { JetStreamClient, KV } from 'nats';

/** Options of a KV bucket. */
export interface BucketOptions {
  history?: number;
  ttlMs?: number;
  replicas?: number;
}

/** Opens a KV bucket, creating it on first use. */
export async function openBucket(js: JetStreamClient, bucket: string, options: BucketOptions = {}): Promise<KV> {
  return js.views.kv(bucket, {
    history: options.history ?? 1,
    ttl: options.ttlMs ?? 0,
    replicas: options.replicas ?? 1,
  });
}

/** True for JetStream's "not found" answers (stream, consumer or message). */
export function isNotFound(err: unknown): boolean {
  const e = err as { api_error?: { err_code?: number }; code?: string };
  return e?.api_error?.err_code === 10059 || e?.code === '404';
}
