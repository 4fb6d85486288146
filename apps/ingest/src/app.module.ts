import { Names } from '@livecast/contracts';
import { RateLimitPolicy } from '@livecast/limits';
import { openBucket } from '@livecast/nats';
import { NATS_CONNECTION, ServiceRuntimeModule, roomPolicyProviders, type ServiceInfo } from '@livecast/service-runtime';
import { Module, type DynamicModule } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { MessageAppender } from './append/message-appender';
import { INGEST_CONFIG, type IngestConfig } from './config';
import { IngestHandler } from './ingest.handler';
import { IngestService } from './ingest.service';
import { SharedRateLimiter } from './limits/shared-rate-limiter';
import { StreamSetup } from './stream-setup.service';

/** Wires the ingest service: the request handler, the policy caches, the limiter and the appender. */
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
        ...roomPolicyProviders,
        {
          provide: SharedRateLimiter,
          inject: [NATS_CONNECTION, Names],
          // A limit key untouched for two of its longest periods holds no information: let KV expire it.
          useFactory: async (nc: NatsConnection, names: Names) =>
            new SharedRateLimiter(await openBucket(nc.jetstream(), names.bucketRateLimits, { ttlMs: 2 * longestPeriodMs, replicas: info.kvReplicas })),
        },
        StreamSetup,
        MessageAppender,
        IngestService,
        IngestHandler,
      ],
    };
  }
}
