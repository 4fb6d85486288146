import type { Names } from '@livecast/contracts';
import { DiscardPolicy, RetentionPolicy, StorageType, nanos, type JetStreamClient, type JetStreamManager, type KV, type StreamConfig } from 'nats';

/** Retention of the accepted-message stream. */
export interface MessageStreamOptions {
  historyPerRoom: number;
  maxAgeSec: number;
  replicas: number;
  dedupWindowSec: number;
}

/**
 * Creates the accepted-message stream, or updates it to the given limits: safe to call
 * from every replica at every start. Per-subject limits keep each room's last N messages.
 */
export async function ensureMessageStream(jsm: JetStreamManager, names: Names, options: MessageStreamOptions): Promise<void> {
  const config: Partial<StreamConfig> = {
    name: names.streamMessages,
    subjects: [names.messagesAll()],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_msgs_per_subject: options.historyPerRoom,
    max_age: nanos(options.maxAgeSec * 1000),
    num_replicas: options.replicas,
    duplicate_window: nanos(options.dedupWindowSec * 1000),
    allow_direct: true,
  };
  try {
    const existing = await jsm.streams.info(names.streamMessages);
    await jsm.streams.update(names.streamMessages, { ...existing.config, ...config });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await jsm.streams.add(config);
  }
}

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

function isNotFound(err: unknown): boolean {
  const e = err as { api_error?: { err_code?: number }; code?: string };
  return e?.api_error?.err_code === 10059 || e?.code === '404';
}
