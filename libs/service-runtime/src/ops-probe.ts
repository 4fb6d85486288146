import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { metricsRegistry } from './metrics';
import { ReadinessRegistry } from './readiness';
import { NATS_CONNECTION, SERVICE_INFO, type ServiceInfo } from './tokens';

/** What the ops endpoints answer, wherever they are served (the service port or OPS_PORT). */
@Injectable()
export class OpsProbe {
  readonly metricsContentType = metricsRegistry.contentType;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(SERVICE_INFO) private readonly info: ServiceInfo,
    private readonly readiness: ReadinessRegistry,
  ) {}

  live(): object {
    return { status: 'ok', service: this.info.name, instance: this.info.instanceId };
  }

  /** Ready when NATS is connected and every registered check holds; the body names what fails. */
  ready(): { ready: boolean; body: object } {
    const failing = this.readiness.failing();
    if (this.nc.isClosed() || this.nc.isDraining()) failing.push('nats');
    const ready = failing.length === 0;
    return { ready, body: { status: ready ? 'ok' : 'unavailable', service: this.info.name, instance: this.info.instanceId, failing } };
  }

  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
