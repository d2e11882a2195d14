import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { AppModule, type ApiDeps } from './app.module';
import { createLogger } from '../shared/observability/logger';
import { createMetrics } from '../shared/observability/metrics';
import { requestMiddleware } from './observability/request.middleware';
import { PinoNestLogger } from './observability/nest-logger';

/**
 * Builds the API application (used by apps/api/main.ts and by the e2e tests alike). The logger
 * and metrics registry are the caller's when given (a test reads what the stack logged).
 */
export async function createApi(deps: ApiDeps): Promise<INestApplication> {
  const log = deps.log ?? createLogger(deps.config, { service: 'api' });
  const metrics = deps.metrics ?? createMetrics('api', { pool: deps.pool });
  const app = await NestFactory.create(AppModule.forRoot({ ...deps, metrics }), {
    logger: new PinoNestLogger(log),
    bodyParser: true,
  });
  app.use(requestMiddleware(log, metrics, deps.tracing));
  return app;
}
