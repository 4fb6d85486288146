import 'reflect-metadata';
import { exitOnStartFailure, runService, serviceInfoOf } from '@livecast/service-runtime';
import { FanoutModule } from './app.module';
import { loadFanoutConfig } from './config';

async function main(): Promise<void> {
  const config = loadFanoutConfig();
  await runService({
    rootModule: FanoutModule.forRoot(config, serviceInfoOf('fanout', config)),
    port: config.FANOUT_PORT,
    host: config.FANOUT_HOST,
    shutdownGraceMs: config.SHUTDOWN_GRACE_MS,
  });
}

main().catch(exitOnStartFailure);
