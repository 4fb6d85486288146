import 'reflect-metadata';
import { exitOnStartFailure, runService, serviceInfoOf } from '@livecast/service-runtime';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { MembershipModule } from './app.module';
import { loadMembershipConfig } from './config';

async function main(): Promise<void> {
  const config = loadMembershipConfig();
  await runService({
    rootModule: MembershipModule.forRoot(config, serviceInfoOf('membership', config)),
    port: config.MEMBERSHIP_PORT,
    host: config.MEMBERSHIP_HOST,
    shutdownGraceMs: config.SHUTDOWN_GRACE_MS,
    beforeListen: (app) => {
      const document = new DocumentBuilder()
        .setTitle('livecast membership admin API')
        .setDescription('Rooms and moderation. Every call needs a bearer JWT (HS256).')
        .addBearerAuth()
        .build();
      SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, document));
    },
  });
}

main().catch(exitOnStartFailure);
