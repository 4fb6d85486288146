import { RateLimitPolicy, priorityLane } from '@livecast/limits';
import { Names } from '@livecast/contracts';
import { Bus } from '@livecast/nats';
import {
  RATE_LIMITS_BUCKET,
  ServiceRuntimeModule,
  messageStreamProvider,
  rateLimitsBucketProvider,
  roomPolicyProviders,
  type RateLimitsBucket,
  type ServiceInfo,
} from '@livecast/service-runtime';
import { Module, type DynamicModule } from '@nestjs/common';
import { INGEST_CONFIG, PRIORITY_LANE, type IngestConfig } from './config';
import { IngestHandler } from './ingest.handler';
import { IngestService } from './ingest.service';
import { SharedLimits } from './limits/shared-limits';
import { StreamReadiness } from './stream-readiness';
import { StreamSetup } from './stream-setup.service';

/** Wires the ingest service: the request handler, the policy caches, the limiter and the message stream. */
@Module({})
export class IngestModule {
  static forRoot(config: IngestConfig, info: ServiceInfo): DynamicModule {
    const policy = new RateLimitPolicy({
      viewer: { rate: config.RATE_VIEWER_RATE, per: config.RATE_VIEWER_PER_MS, burst: config.RATE_VIEWER_BURST },
      host: { rate: config.RATE_STAFF_RATE, per: config.RATE_STAFF_PER_MS, burst: config.RATE_STAFF_BURST },
      moderator: { rate: config.RATE_STAFF_RATE, per: config.RATE_STAFF_PER_MS, burst: config.RATE_STAFF_BURST },
      admin: { rate: config.RATE_STAFF_RATE, per: config.RATE_STAFF_PER_MS, burst: config.RATE_STAFF_BURST },
      room: { rate: config.RATE_ROOM_RATE, per: config.RATE_ROOM_PER_MS, burst: config.RATE_ROOM_BURST },
    });
    const longestPeriodMs = Math.max(config.RATE_VIEWER_PER_MS, config.RATE_STAFF_PER_MS, config.RATE_ROOM_PER_MS);
    return {
      module: IngestModule,
      imports: [ServiceRuntimeModule.forRoot(info)],
      providers: [
        { provide: INGEST_CONFIG, useValue: config },
        { provide: RateLimitPolicy, useValue: policy },
        { provide: PRIORITY_LANE, useValue: priorityLane(config.PRIORITY_RATE, config.PRIORITY_BURST) },
        ...roomPolicyProviders,
        // Announcements are rewritten every LIMIT_SYNC_MS; anything older than two of the longest
        // limit periods holds no information: let KV expire it.
        rateLimitsBucketProvider(2 * longestPeriodMs),
        {
          provide: SharedLimits,
          inject: [Bus, Names, RATE_LIMITS_BUCKET],
          useFactory: (bus: Bus, names: Names, bucket: RateLimitsBucket) => new SharedLimits(bus, names, bucket, info.instanceId, config.LIMIT_SYNC_MS),
        },
        messageStreamProvider(config.PARTITIONS),
        StreamSetup,
        StreamReadiness,
        IngestService,
        IngestHandler,
      ],
    };
  }
}
