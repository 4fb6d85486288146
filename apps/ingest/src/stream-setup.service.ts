import { Names } from '@livecast/contracts';
import { ensureMessageStream } from '@livecast/nats';
import { NATS_CONNECTION } from '@livecast/service-runtime';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { INGEST_CONFIG, type IngestConfig } from './config';

/** Ingest owns the message stream's configuration: it creates or updates it at start. */
@Injectable()
export class StreamSetup implements OnModuleInit {
  private readonly logger = new Logger('StreamSetup');

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly names: Names,
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await ensureMessageStream(await this.nc.jetstreamManager(), this.names, {
      historyPerRoom: this.config.HISTORY_PER_ROOM,
      maxAgeSec: this.config.HISTORY_MAX_AGE_SEC,
      replicas: this.config.STREAM_REPLICAS,
      dedupWindowSec: this.config.DEDUP_WINDOW_SEC,
    });
    this.logger.log(`stream ${this.names.streamMessages} ready (${this.config.HISTORY_PER_ROOM} msgs/room, ${this.config.HISTORY_MAX_AGE_SEC}s)`);
  }
}
