import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { XML_MEDIA_TYPES } from './ncts/xml-body';
import { AppModule, type ApiDeps } from './app.module';
import { codecCors } from './codec/cors';

/** Builds the API application (used by apps/api/main.ts and by the e2e tests alike). */
export async function createApi(deps: ApiDeps): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(deps), {
    logger: ['error', 'warn'],
    bodyParser: true,
  });
  app.use('/codec', codecCors(deps.config));
  // NCTS messages arrive as text for the XML door to validate (apps/api/ncts); a CC015C of 1999 items fits.
  app.useBodyParser('text', { type: XML_MEDIA_TYPES, limit: '4mb' });
  return app;
}
