import { leaseRecord, moderationRecord, rateLimitState, roomRecord, Names, type LeaseRecordValue, type ModerationRecord, type RoomRecord, type Validator } from '@livecast/contracts';
import { TypedBucket, openBucket, type BucketOptions } from '@livecast/nats';
import { Logger, type Provider } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { busMetrics } from './metrics';
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

/** A provider of one typed bucket, created on first use by whoever starts first. */
function bucketProvider<T>(token: symbol, nameOf: (names: Names) => string, validator: Validator<T>, options: BucketOptions = {}): Provider {
  return {
    provide: token,
    inject: [NATS_CONNECTION, Names, SERVICE_INFO],
    useFactory: async (nc: NatsConnection, names: Names, info: ServiceInfo) => {
      const bucket = nameOf(names);
      const kv = await openBucket(nc.jetstream(), bucket, { replicas: info.kvReplicas, ...options });
      return new TypedBucket(kv, validator, onInvalid(bucket));
    },
  };
}

/** Rooms metadata (one key per room). */
export const roomsBucketProvider = bucketProvider(ROOMS_BUCKET, (n) => n.bucketRooms, roomRecord);

/** Bans and mutes, keyed `<room>.<ban|mute>.<user>`. */
export const moderationBucketProvider = bucketProvider(MODERATION_BUCKET, (n) => n.bucketModeration, moderationRecord);

/** Fan-out partition leases. */
export const leasesBucketProvider = bucketProvider(LEASES_BUCKET, (n) => n.bucketLeases, leaseRecord);

/** Shared rate-limit state; a key untouched for `ttlMs` holds no information and expires. */
export function rateLimitsBucketProvider(ttlMs: number): Provider {
  return bucketProvider(RATE_LIMITS_BUCKET, (n) => n.bucketRateLimits, rateLimitState, { ttlMs });
}
