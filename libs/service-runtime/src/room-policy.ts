import { Names } from '@livecast/contracts';
import type { Provider } from '@nestjs/common';
import { MODERATION_BUCKET, ROOMS_BUCKET, moderationReaderProvider, roomsReaderProvider, type ModerationBucket, type RoomsBucket } from './buckets';
import { ModerationWatch } from './moderation-watch';
import { RoomDirectory } from './room-directory';

/** Rooms and moderation caches, as gateway and ingest use them (buckets bound, not created). */
export const roomPolicyProviders: Provider[] = [
  roomsReaderProvider,
  moderationReaderProvider,
  { provide: RoomDirectory, inject: [ROOMS_BUCKET], useFactory: (rooms: RoomsBucket) => new RoomDirectory(rooms) },
  {
    provide: ModerationWatch,
    inject: [MODERATION_BUCKET, Names],
    useFactory: (moderation: ModerationBucket, names: Names) => new ModerationWatch(moderation, names),
  },
];
