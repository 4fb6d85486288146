import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { BusModule } from './bus.module';
import { OpsProbe } from './ops-probe';
import { OpsServer } from './ops-server';
import { OpsController } from './ops.controller';
import type { ServiceInfo } from './tokens';

/**
 * Structured logs, the NATS connection and the ops endpoints: what every service imports
 * first. The ops endpoints are on the service port, or on OPS_PORT when it is set.
 */
@Module({})
export class ServiceRuntimeModule {
  static forRoot(info: ServiceInfo): DynamicModule {
    return {
      module: ServiceRuntimeModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: info.logLevel,
            autoLogging: false,
            quietReqLogger: true,
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            base: { service: info.name, instance: info.instanceId },
            transport: info.logFormat === 'pretty' ? { target: 'pino-pretty', options: { singleLine: true, ignore: 'pid,hostname,service,instance' } } : undefined,
          },
        }),
        BusModule.forRoot(info),
      ],
      controllers: info.opsPort === 0 ? [OpsController] : [],
      providers: info.opsPort === 0 ? [OpsProbe] : [OpsProbe, OpsServer],
      exports: [BusModule],
    };
  }
}
