import { Bus, openBusConnection, type BusObserver } from '@livecast/nats';
import { Global, Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Names, busIdentity } from '@livecast/contracts';
import type { NatsConnection } from 'nats';
import { busMetrics } from './metrics';
import { NatsLink } from './nats-link';
import { ReadinessRegistry } from './readiness';
import { NATS_CONNECTION, SERVICE_INFO, type ServiceInfo } from './tokens';

function observerFor(link: NatsLink): BusObserver {
  return {
    invalidMessage: (channel) => busMetrics.invalidMessages.inc({ channel }),
    resent: (channel) => busMetrics.resentRequests.inc({ channel }),
    connectionStatus: (status) => {
      link.status(status);
      countStatus(status);
    },
  };
}

function countStatus(status: string): void {
  if (status === 'disconnect') {
    busMetrics.connected.set(0);
    busMetrics.disconnects.inc();
  }
  if (status === 'reconnect') {
    busMetrics.connected.set(1);
    busMetrics.reconnects.inc();
  }
}

function inboxPrefixOf(info: ServiceInfo): string {
  return new Names(info.namespace).inboxPrefix(busIdentity(info.name, info.instanceId));
}

/** Drains the connection last, after every other module has stopped producing. */
@Injectable()
export class BusLifecycle implements OnApplicationShutdown {
  private readonly logger = new Logger('Bus');

  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.nc.isClosed()) return;
    this.logger.log('draining nats connection');
    await this.nc.drain().catch((err: unknown) => this.logger.warn(`drain failed: ${String(err)}`));
  }
}

/** One NATS connection per process, the typed Bus over it, and the namespace's Names. */
@Global()
@Module({})
export class BusModule {
  static forRoot(info: ServiceInfo): DynamicModule {
    const link = new NatsLink();
    const observer = observerFor(link);
    const readiness = new ReadinessRegistry();
    readiness.add(link);
    return {
      module: BusModule,
      providers: [
        { provide: SERVICE_INFO, useValue: info },
        {
          provide: NATS_CONNECTION,
          useFactory: async () => {
            const logger = new Logger('Nats');
            const nc = await openBusConnection({
              servers: info.natsUrl,
              pingIntervalMs: info.natsPingIntervalMs,
              name: `${info.name}:${info.instanceId}`,
              auth: info.natsAuth,
              inboxPrefix: inboxPrefixOf(info),
              observer,
              logger: nestLoggerAdapter(logger),
            });
            busMetrics.connected.set(1);
            return nc;
          },
        },
        { provide: Bus, inject: [NATS_CONNECTION], useFactory: (nc: NatsConnection) => new Bus(nc, nestLoggerAdapter(new Logger('Bus')), observer, inboxPrefixOf(info)) },
        { provide: Names, useValue: new Names(info.namespace) },
        BusLifecycle,
        { provide: ReadinessRegistry, useValue: readiness },
      ],
      exports: [SERVICE_INFO, NATS_CONNECTION, Bus, Names, ReadinessRegistry],
    };
  }
}

function nestLoggerAdapter(logger: Logger) {
  const line = (obj: object, msg?: string) => `${msg ?? ''} ${JSON.stringify(obj, (_k, v: unknown) => (v instanceof Error ? v.message : v))}`;
  return {
    info: (obj: object, msg?: string) => logger.log(line(obj, msg)),
    warn: (obj: object, msg?: string) => logger.warn(line(obj, msg)),
    error: (obj: object, msg?: string) => logger.error(line(obj, msg)),
  };
}
