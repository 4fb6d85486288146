import { Controller, Get, Header, HttpException, HttpStatus, Inject } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { metricsRegistry } from './metrics';
import { ReadinessRegistry } from './readiness';
import { NATS_CONNECTION, SERVICE_INFO, type ServiceInfo } from './tokens';

/** Liveness, readiness and Prometheus metrics for every service. */
@Controller()
export class OpsController {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(SERVICE_INFO) private readonly info: ServiceInfo,
    private readonly readiness: ReadinessRegistry,
  ) {}

  @Get('health/live')
  live() {
    return { status: 'ok', service: this.info.name, instance: this.info.instanceId };
  }

  @Get('health/ready')
  ready() {
    const failing = this.readiness.failing();
    if (this.nc.isClosed() || this.nc.isDraining()) failing.push('nats');
    const body = { status: failing.length === 0 ? 'ok' : 'unavailable', service: this.info.name, instance: this.info.instanceId, failing };
    if (failing.length > 0) throw new HttpException(body, HttpStatus.SERVICE_UNAVAILABLE);
    return body;
  }

  @Get('metrics')
  @Header('Content-Type', metricsRegistry.contentType)
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
