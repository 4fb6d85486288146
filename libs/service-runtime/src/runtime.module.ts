import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { BusModule } from './bus.module';
import { OpsProbe } from './ops-probe';
import { OpsServer } from './ops-server';
import { OpsController } from './ops.controller';
import { serviceLoggerModule } from './service-logger.module';
import type { ServiceInfo } from './tokens';

/**
 * Structured logs, the NATS connection and the ops endpoints: what every service imports
 * first. The ops endpoints are on the service port, or on OPS_PORT when it is set.
 */
@Module({})
export class ServiceRuntimeModule {
  /** `requestContextRoutes`: the service's own controllers whose logs carry the request's id. */
  static forRoot(info: ServiceInfo, options: { requestContextRoutes?: readonly Type[] } = {}): DynamicModule {
    return {
      module: ServiceRuntimeModule,
      imports: [
        serviceLoggerModule(info, options.requestContextRoutes),
        BusModule.forRoot(info),
      ],
      controllers: info.opsPort === 0 ? [OpsController] : [],
      providers: info.opsPort === 0 ? [OpsProbe] : [OpsProbe, OpsServer],
      exports: [BusModule],
    };
  }
}
