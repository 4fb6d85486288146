import 'reflect-metadata';
import { exitOnStartFailure, runService, serviceInfoOf } from '@livecast/service-runtime';
import { IngestModule } from './app.module';
import { loadIngestConfig } from './config';

async function main(): Promise<void> {
  const config = loadIngestConfig();
  await runService({
    rootModule: IngestModule.forRoot(config, serviceInfoOf('ingest', config)),
    port: config.INGEST_PORT,
    host: config.INGEST_HOST,
    shutdownGraceMs: config.SHUTDOWN_GRACE_MS,
  });
}

main().catch(exitOnStartFailure);
