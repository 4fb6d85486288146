import { ConfigError } from '@livecast/config';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ReadinessRegistry } from './readiness';

/** How a service process starts and stops. */
export interface RunServiceOptions {
  rootModule: DynamicModule;
  port: number;
  host: string;
  /** After SIGTERM, the process exits at the latest this long after draining began. */
  shutdownGraceMs: number;
  /** Runs after the app is created and before it listens (e.g. Swagger, socket.io). */
  beforeListen?: (app: INestApplication) => void | Promise<void>;
}

/**
 * Creates and starts a Nest service with graceful shutdown: SIGTERM/SIGINT turn readiness
 * 503 at once, then run the
 * Nest shutdown hooks (each module stops taking work, then the NATS connection
 * drains) and a timer bounds the whole drain so a stuck peer cannot hold the process.
 */
export async function runService(options: RunServiceOptions): Promise<INestApplication> {
  const app = await NestFactory.create(options.rootModule, { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  const readiness = app.get(ReadinessRegistry, { strict: false });
  // Registered before Nest's own listener: readiness turns 503 before any hook closes a connection.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      readiness.markStopping();
      logger.log(`${signal} received: draining (grace ${options.shutdownGraceMs} ms)`);
      setTimeout(() => {
        logger.error('shutdown grace exceeded: exiting');
        process.exit(1);
      }, options.shutdownGraceMs).unref();
    });
  }
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await options.beforeListen?.(app);
  await app.listen(options.port, options.host);
  logger.log(`listening on ${options.host}:${options.port}`);
  return app;
}

/** Ends a failed start: a config problem is printed plainly for the operator, anything else with its stack. */
export function exitOnStartFailure(err: unknown): never {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error('start-up failed:', err);
  process.exit(1);
}
