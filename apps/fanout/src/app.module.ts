import { ServiceRuntimeModule, leasesBucketProvider, messageStreamProvider, type ServiceInfo } from '@livecast/service-runtime';
import { Module, type DynamicModule } from '@nestjs/common';
import { FANOUT_CONFIG, type FanoutConfig } from './config';
import { FanoutService } from './fanout.service';

/** Wires the fan-out service: partition leases, workers, readiness. */
@Module({})
export class FanoutModule {
  static forRoot(config: FanoutConfig, info: ServiceInfo): DynamicModule {
    return {
      module: FanoutModule,
      imports: [ServiceRuntimeModule.forRoot(info)],
      providers: [
        { provide: FANOUT_CONFIG, useValue: config },
        leasesBucketProvider,
        messageStreamProvider(config.PARTITIONS),
        FanoutService,
      ],
    };
  }
}
