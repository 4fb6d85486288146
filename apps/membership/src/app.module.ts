import { ApiKeyRing, apiKeyRingOf } from '@livecast/auth';
import { ServiceRuntimeModule, moderationBucketProvider, roomsBucketProvider, tokenVerifierProvider, type ServiceInfo } from '@livecast/service-runtime';
import { Module, type DynamicModule } from '@nestjs/common';
import { MEMBERSHIP_CONFIG, type MembershipConfig } from './config';
import { AdminController } from './http/admin.controller';
import { CallerGuard } from './http/caller.guard';
import { ModerationService } from './moderation/moderation.service';
import { OnlineService } from './online/online.service';
import { RoomsService } from './rooms/rooms.service';

/** Wires the membership service: admin API, rooms, moderation, online counts. */
@Module({})
export class MembershipModule {
  static forRoot(config: MembershipConfig, info: ServiceInfo): DynamicModule {
    return {
      module: MembershipModule,
      imports: [ServiceRuntimeModule.forRoot(info)],
      controllers: [AdminController],
      providers: [
        { provide: MEMBERSHIP_CONFIG, useValue: config },
        tokenVerifierProvider(config, false),
        { provide: ApiKeyRing, useValue: apiKeyRingOf(config.ADMIN_API_KEYS) },
        roomsBucketProvider,
        moderationBucketProvider,
        CallerGuard,
        RoomsService,
        ModerationService,
        OnlineService,
      ],
    };
  }
}
