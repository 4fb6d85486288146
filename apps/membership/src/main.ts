import 'reflect-metadata';
import { exitOnStartFailure, runService, serviceInfoOf } from '@livecast/service-runtime';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { MembershipModule } from './app.module';
import { loadMembershipConfig } from './config';
import { AdminErrorFilter } from './http/error.filter';

async function main(): Promise<void> {
  const config = loadMembershipConfig();
  await runService({
    rootModule: MembershipModule.forRoot(config, serviceInfoOf('membership', config)),
    port: config.MEMBERSHIP_PORT,
    host: config.MEMBERSHIP_HOST,
    shutdownGraceMs: config.SHUTDOWN_GRACE_MS,
    beforeListen: (app) => {
      // Global, so unknown routes answer in the same error shape as the controllers.
      app.useGlobalFilters(new AdminErrorFilter());
      const document = new DocumentBuilder()
        .setTitle('livecast membership admin API')
        .setDescription('Rooms and moderation. Every call needs a bearer JWT of a user, or a service API key in X-Api-Key.')
        .addBearerAuth()
        .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'api-key')
        .build();
      SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, document));
    },
  });
}

main().catch(exitOnStartFailure);
