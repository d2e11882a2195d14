import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { XML_MEDIA_TYPES } from './ncts/xml-body';
import { AppModule, type ApiDeps } from './app.module';
import { codecCors } from './codec/cors';
import { createLogger } from '../shared/observability/logger';
import { createMetrics } from '../shared/observability/metrics';
import { requestMiddleware } from './observability/request.middleware';
import { PinoNestLogger } from './observability/nest-logger';
import { servedBy } from '../../config/administrations';
import { loadExchangeTrust } from '../../activities/exchange/trust';

/**
 * Builds the API application (used by apps/api/main.ts and by the e2e tests alike). The logger
 * and metrics registry are the caller's when given (a test reads what the stack logged).
 */
export async function createApi(deps: ApiDeps): Promise<INestApplication> {
  const log = deps.log ?? createLogger(deps.config, { service: 'api' });
  const metrics = deps.metrics ?? createMetrics('api', { pool: deps.pool });
  // Before Nest: a bad partner directory or keys file stops start-up with the entry named.
  const exchangeTrust = deps.exchangeTrust ?? loadExchangeTrust(deps.config, [...servedBy(deps.config)]);
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ ...deps, metrics, exchangeTrust }),
    {
      logger: new PinoNestLogger(log),
      bodyParser: true,
    },
  );
  app.use(requestMiddleware(log, metrics, deps.tracing));
  app.use('/codec', codecCors(deps.config));
  // NCTS messages arrive as text for the XML door to validate (apps/api/ncts); a CC015C of 1999 items fits.
  app.useBodyParser('text', { type: XML_MEDIA_TYPES, limit: '4mb' });
  // Signed exchange messages arrive as a compact JWS (apps/api/exchange/signed-exchange.ts).
  app.useBodyParser('text', { type: 'application/jose', limit: '4mb' });
  return app;
}
