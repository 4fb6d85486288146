import { Controller, Get, Header, HttpException, HttpStatus } from '@nestjs/common';
import { metricsRegistry } from './metrics';
import { OpsProbe } from './ops-probe';

/** Liveness, readiness and Prometheus metrics on the service port (when OPS_PORT is not set). */
@Controller()
export class OpsController {
  constructor(private readonly probe: OpsProbe) {}

  @Get('health/live')
  live() {
    return this.probe.live();
  }

  @Get('health/ready')
  ready() {
    const { ready, body } = this.probe.ready();
    if (!ready) throw new HttpException(body, HttpStatus.SERVICE_UNAVAILABLE);
    return body;
  }

  @Get('metrics')
  @Header('Content-Type', metricsRegistry.contentType)
  metrics(): Promise<string> {
    return this.probe.metrics();
  }
}
