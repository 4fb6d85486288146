import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { OpsProbe } from './ops-probe';
import { SERVICE_INFO, type ServiceInfo } from './tokens';

/**
 * Health and metrics on their own port (OPS_PORT), for probes and Prometheus inside the
 * cluster, so the public port serves clients only. Stays up while the service drains, so
 * readiness can say 503 until the very end.
 */
@Injectable()
export class OpsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Ops');
  private readonly server: Server;

  constructor(
    private readonly probe: OpsProbe,
    @Inject(SERVICE_INFO) private readonly info: ServiceInfo,
  ) {
    this.server = createServer((request, response) => {
      this.answer(request, response).catch((err: unknown) => {
        this.logger.error({ err }, 'ops request failed');
        if (!response.headersSent) send(response, 500, 'application/json', JSON.stringify({ error: { code: 'INTERNAL', message: 'internal error' } }));
      });
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.info.opsPort, this.info.opsHost, () => resolve());
    });
    this.logger.log(`health and metrics on ${this.info.opsHost}:${this.info.opsPort}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET') return send(response, 405, 'application/json', JSON.stringify({ error: { code: 'INVALID', message: 'GET only' } }));
    switch (path) {
      case '/health/live':
        return send(response, 200, 'application/json', JSON.stringify(this.probe.live()));
      case '/health/ready': {
        const { ready, body } = this.probe.ready();
        return send(response, ready ? 200 : 503, 'application/json', JSON.stringify(body));
      }
      case '/metrics':
        return send(response, 200, this.probe.metricsContentType, await this.probe.metrics());
      default:
        return send(response, 404, 'application/json', JSON.stringify({ error: { code: 'NOT_FOUND', message: `no route ${path}` } }));
    }
  }
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}
