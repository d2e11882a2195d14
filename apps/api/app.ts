import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { AppModule, type ApiDeps } from './app.module';
import { codecCors } from './codec/cors';

/** Builds the API application (used by apps/api/main.ts and by the e2e tests alike). */
export async function createApi(deps: ApiDeps): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(deps), {
    logger: ['error', 'warn'],
    bodyParser: true,
  });
  app.use('/codec', codecCors(deps.config));
  return app;
}
