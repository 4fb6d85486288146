import { MessageStream } from '@livecast/nats';
import { SerialTimer } from '@livecast/resilience';
import { ReadinessRegistry, jetStreamErrors, type ReadinessCheck } from '@livecast/service-runtime';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

const PROBE_EVERY_MS = 2000;
const PROBE_TIMEOUT_MS = 1500;

/**
 * Ingest is ready while the message stream answers: without a stream leader no append
 * can succeed. Probed every two seconds with one stream info request.
 */
@Injectable()
export class StreamReadiness implements ReadinessCheck, OnApplicationBootstrap, OnApplicationShutdown {
  readonly name = 'stream';
  private readonly logger = new Logger('StreamReadiness');
  private reachable = true;
  private readonly timer = new SerialTimer(() => this.probe(), PROBE_EVERY_MS);

  constructor(
    private readonly stream: MessageStream,
    readiness: ReadinessRegistry,
  ) {
    readiness.add(this);
  }

  ready(): boolean {
    return this.reachable;
  }

  onApplicationBootstrap(): void {
    this.timer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.timer.stop();
  }

  private async probe(): Promise<void> {
    try {
      await this.stream.probe(PROBE_TIMEOUT_MS);
      if (!this.reachable) this.logger.log('message stream reachable again');
      this.reachable = true;
    } catch (err) {
      jetStreamErrors.record('stream.info', err);
      if (this.reachable) this.logger.warn(`message stream unreachable: ${String(err)}`);
      this.reachable = false;
    }
  }
}
