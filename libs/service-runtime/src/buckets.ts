import { leaseRecord, moderationRecord, rateLimitState, roomRecord, Names, type LeaseRecordValue, type ModerationRecord, type RoomRecord, type Validator } from '@livecast/contracts';
import { TypedBucket, bindBucket, openBucket, type BucketOptions } from '@livecast/nats';
import { Logger, type Provider } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { busMetrics } from './metrics';
import { whenClusterServes } from './start-up';
import { NATS_CONNECTION, SERVICE_INFO, type ServiceInfo } from './tokens';

/** Injection tokens of the shared KV buckets. */
export const ROOMS_BUCKET = Symbol('ROOMS_BUCKET');
export const MODERATION_BUCKET = Symbol('MODERATION_BUCKET');
export const LEASES_BUCKET = Symbol('LEASES_BUCKET');
export const RATE_LIMITS_BUCKET = Symbol('RATE_LIMITS_BUCKET');

export type RoomsBucket = TypedBucket<RoomRecord>;
export type ModerationBucket = TypedBucket<ModerationRecord>;
export type LeasesBucket = TypedBucket<LeaseRecordValue>;
export type RateLimitsBucket = TypedBucket<number>;

const logger = new Logger('Buckets');
const onInvalid = (bucket: string) => (key: string, reason: string) => {
  busMetrics.invalidMessages.inc({ channel: `kv:${bucket}` });
  logger.warn(`invalid value in ${bucket}/${key} ignored: ${reason}`);
};

const waiting = (owner: string) => (bucket: string) => logger.log(`waiting for bucket ${bucket}: ${owner} creates it`);

/**
 * A provider of one typed bucket. Each bucket has one owner, the only identity its NATS
 * permissions let create it: the owner opens it (creating it on first use), everyone
 * else passes `readerOf` (the owner's name) and binds, waiting until it exists. Either
 * waits out a cluster that cannot answer yet (whenClusterServes).
 */
function bucketProvider<T>(token: symbol, nameOf: (names: Names) => string, validator: Validator<T>, options: BucketOptions & { readerOf?: string; requestTimeoutMs?: number } = {}): Provider {
  return {
    provide: token,
    inject: [NATS_CONNECTION, Names, SERVICE_INFO],
    useFactory: async (nc: NatsConnection, names: Names, info: ServiceInfo) => {
      const bucket = nameOf(names);
      const js = nc.jetstream();
      const opsJs = options.requestTimeoutMs === undefined ? js : nc.jetstream({ timeout: options.requestTimeoutMs });
      const kv = await whenClusterServes(`bucket ${bucket}`, () =>
        options.readerOf ? bindBucket(opsJs, names, bucket, waiting(options.readerOf)) : openBucket(js, bucket, { replicas: info.kvReplicas, ...options }, opsJs),
        logger,
      );
      return new TypedBucket(kv, validator, onInvalid(bucket));
    },
  };
}

/** Rooms metadata (one key per room), as its owner, membership, opens it. */
export const roomsBucketProvider = bucketProvider(ROOMS_BUCKET, (n) => n.bucketRooms, roomRecord);

/** Bans and mutes, keyed `<room>.<ban|mute>.<user>`, as its owner, membership, opens it. */
export const moderationBucketProvider = bucketProvider(MODERATION_BUCKET, (n) => n.bucketModeration, moderationRecord);

/** The rooms and moderation buckets as gateway and ingest bind them: read and watched, never created. */
export const roomsReaderProvider = bucketProvider(ROOMS_BUCKET, (n) => n.bucketRooms, roomRecord, { readerOf: 'membership' });
export const moderationReaderProvider = bucketProvider(MODERATION_BUCKET, (n) => n.bucketModeration, moderationRecord, { readerOf: 'membership' });

/**
 * Fan-out partition leases (the fan-out owns them), read from the stream leader: a lease
 * read from a lagging replica made an owner's renewal fail and drop its own partition.
 */
/**
 * Fan-out partition leases, as their owner, the fan-out, opens it. A lease write lost in a
 * NATS failover must not hold the next round for nats.js's default 5 s: by then the lease
 * has expired for the other instances.
 */
export const leasesBucketProvider = bucketProvider(LEASES_BUCKET, (n) => n.bucketLeases, leaseRecord, { leaderReads: true, requestTimeoutMs: 1000 });

/** Shared rate-limit state (ingest owns it); a key untouched for `ttlMs` holds no information and expires. */
export function rateLimitsBucketProvider(ttlMs: number): Provider {
  return bucketProvider(RATE_LIMITS_BUCKET, (n) => n.bucketRateLimits, rateLimitState, { ttlMs });
}
