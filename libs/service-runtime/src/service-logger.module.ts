import type { DynamicModule, Type } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { ServiceInfo } from './tokens';

/**
 * Structured logs (pino). A per-request log context (request id on every line a handler
 * logs) is bound only for `requestContextRoutes`: nestjs-pino keeps it in an
 * AsyncLocalStorage, and on Node 20 the first request that enters one turns on async hooks
 * for every promise of the process for good, which makes each promise several times
 * dearer. So probes, scrapes and stray requests never do; a service opts in only for its
 * own API.
 */
export function serviceLoggerModule(info: ServiceInfo, requestContextRoutes: readonly Type[] = []): DynamicModule {
  return LoggerModule.forRoot({
    forRoutes: [...requestContextRoutes],
    pinoHttp: {
      level: info.logLevel,
      autoLogging: false,
      quietReqLogger: true,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      base: { service: info.name, instance: info.instanceId },
      transport: info.logFormat === 'pretty' ? { target: 'pino-pretty', options: { singleLine: true, ignore: 'pid,hostname,service,instance' } } : undefined,
    },
  });
}
