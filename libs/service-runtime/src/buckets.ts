import { moderationRecord, roomRecord, Names, type ModerationRecord, type RoomRecord } from '@livecast/contracts';
import { TypedBucket, openBucket } from '@livecast/nats';
import { Logger, type Provider } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { busMetrics } from './metrics';
import { ModerationWatch } from './moderation-watch';
import { RoomDirectory } from './room-directory';
import { NATS_CONNECTION, SERVICE_INFO, type ServiceInfo } from './tokens';

/** Injection tokens of the shared KV buckets. */
export const ROOMS_BUCKET = Symbol('ROOMS_BUCKET');
export const MODERATION_BUCKET = Symbol('MODERATION_BUCKET');

export type RoomsBucket = TypedBucket<RoomRecord>;
export type ModerationBucket = TypedBucket<ModerationRecord>;

const logger = new Logger('Buckets');
const onInvalid = (bucket: string) => (key: string, reason: string) => {
  busMetrics.invalidMessages.inc({ channel: `kv:${bucket}` });
  logger.warn(`invalid value in ${bucket}/${key} ignored: ${reason}`);
};

/** Rooms metadata bucket (one key per room), created on first use by whoever starts first. */
export const roomsBucketProvider: Provider = {
  provide: ROOMS_BUCKET,
  inject: [NATS_CONNECTION, Names, SERVICE_INFO],
  useFactory: async (nc: NatsConnection, names: Names, info: ServiceInfo) =>
    new TypedBucket(await openBucket(nc.jetstream(), names.bucketRooms, { replicas: info.kvReplicas }), roomRecord, onInvalid(names.bucketRooms)),
};

/** Bans and mutes bucket, keyed `<room>.<ban|mute>.<user>`. */
export const moderationBucketProvider: Provider = {
  provide: MODERATION_BUCKET,
  inject: [NATS_CONNECTION, Names, SERVICE_INFO],
  useFactory: async (nc: NatsConnection, names: Names, info: ServiceInfo) =>
    new TypedBucket(
      await openBucket(nc.jetstream(), names.bucketModeration, { replicas: info.kvReplicas }),
      moderationRecord,
      onInvalid(names.bucketModeration),
    ),
};

/** Rooms and moderation caches, as gateway and ingest use them (buckets included). */
export const roomPolicyProviders: Provider[] = [
  roomsBucketProvider,
  moderationBucketProvider,
  { provide: RoomDirectory, inject: [ROOMS_BUCKET], useFactory: (rooms: RoomsBucket) => new RoomDirectory(rooms) },
  {
    provide: ModerationWatch,
    inject: [MODERATION_BUCKET, Names],
    useFactory: (moderation: ModerationBucket, names: Names) => new ModerationWatch(moderation, names),
  },
];
