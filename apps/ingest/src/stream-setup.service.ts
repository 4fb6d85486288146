import { MessageStream } from '@livecast/nats';
import { whenClusterServes } from '@livecast/service-runtime';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { INGEST_CONFIG, type IngestConfig } from './config';

/** Ingest owns the message stream's configuration: it creates or updates it at start. */
@Injectable()
export class StreamSetup implements OnModuleInit {
  private readonly logger = new Logger('StreamSetup');

  constructor(
    private readonly stream: MessageStream,
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const retention = {
      historyPerRoom: this.config.HISTORY_PER_ROOM,
      maxAgeSec: this.config.HISTORY_MAX_AGE_SEC,
      replicas: this.config.STREAM_REPLICAS,
      dedupWindowSec: this.config.DEDUP_WINDOW_SEC,
    };
    await whenClusterServes('message stream', () => this.stream.ensure(retention), this.logger);
    this.logger.log(`message stream ready (${this.config.HISTORY_PER_ROOM} msgs/room, ${this.config.HISTORY_MAX_AGE_SEC}s)`);
  }
}
