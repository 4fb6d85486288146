import 'reflect-metadata';
import { exitOnStartFailure, runService, serviceInfoOf } from '@livecast/service-runtime';
import { GatewayModule } from './app.module';
import { loadGatewayConfig } from './config';

async function main(): Promise<void> {
  const config = loadGatewayConfig();
  await runService({
    rootModule: GatewayModule.forRoot(config, serviceInfoOf('gateway', config)),
    port: config.GATEWAY_PORT,
    host: config.GATEWAY_HOST,
    shutdownGraceMs: config.SHUTDOWN_GRACE_MS,
  });
}

main().catch(exitOnStartFailure);
