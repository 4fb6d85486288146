import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { storage } from 'nestjs-pino/storage';
import type { AddressInfo } from 'node:net';
import { serviceLoggerModule } from './service-logger.module';
import type { ServiceInfo } from './tokens';

/** Answers whether the request's handler ran inside nestjs-pino's per-request context. */
@Controller('health')
class ProbeLikeController {
  @Get('live')
  live() {
    return { inRequestContext: storage.getStore() !== undefined };
  }
}

@Controller('rooms')
class ApiController {
  @Get()
  list() {
    return { inRequestContext: storage.getStore() !== undefined };
  }
}

const info = { name: 'spec', instanceId: 'spec-1', logLevel: 'silent', logFormat: 'json' } as ServiceInfo;

async function appWith(requestContextRoutes: Parameters<typeof serviceLoggerModule>[1]): Promise<{ app: INestApplication; get: (path: string) => Promise<unknown> }> {
  @Module({ imports: [serviceLoggerModule(info, requestContextRoutes)], controllers: [ProbeLikeController, ApiController] })
  class SpecModule {}
  const app = await NestFactory.create(SpecModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`).then((r) => r.json());
  return { app, get };
}

describe('service-runtime: serviceLoggerModule', () => {
  it('binds no request context by default: a probe or a stray request never enters the AsyncLocalStorage', async () => {
    const { app, get } = await appWith(undefined);
    try {
      expect(await get('/health/live')).toEqual({ inRequestContext: false });
      expect(await get('/rooms')).toEqual({ inRequestContext: false });
    } finally {
      await app.close();
    }
  });

  it('binds it for the routes a service opts in, and only those', async () => {
    const { app, get } = await appWith([ApiController]);
    try {
      expect(await get('/rooms')).toEqual({ inRequestContext: true });
      expect(await get('/health/live')).toEqual({ inRequestContext: false });
    } finally {
      await app.close();
    }
  });
});
