import { Names, busIdentity } from '@livecast/contracts';
import { MessageStream } from '@livecast/nats';
import { Logger, type Provider } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { busMetrics } from './metrics';
import { NATS_CONNECTION, SERVICE_INFO, type ServiceInfo } from './tokens';

const logger = new Logger('MessageStream');

/** The message stream of this namespace, for a service that appends to it or reads it. */
export function messageStreamProvider(partitions: number): Provider {
  return {
    provide: MessageStream,
    inject: [NATS_CONNECTION, Names, SERVICE_INFO],
    useFactory: (nc: NatsConnection, names: Names, info: ServiceInfo) =>
      new MessageStream(
        nc,
        names,
        partitions,
        (seq, reason) => {
          busMetrics.invalidMessages.inc({ channel: 'stream' });
          logger.warn(`skipping invalid stored message ${seq}: ${reason}`);
        },
        names.inboxPrefix(busIdentity(info.name, info.instanceId)),
      ),
  };
}
