import { z } from 'zod';
import { E404, type RouteDoc } from './common';

const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  temporal: z.object({
    up: z.boolean(),
    latencyMs: z.number().optional(),
    serverVersion: z.string().optional(),
    error: z.string().optional(),
  }),
  postgres: z.object({ up: z.boolean(), latencyMs: z.number().optional(), error: z.string().optional() }),
});
const ConsoleFileParams = z.object({ file: z.enum(['index.html', 'app.js', 'app.css']) });

export const OPERATION_ROUTES: RouteDoc[] = [
  {
    method: 'get',
    path: '/health',
    tag: 'operations',
    summary: 'Reachability of Temporal and PostgreSQL',
    roles: 'public',
    responses: {
      200: { description: 'both up', schema: HealthSchema },
      503: { description: 'degraded', schema: HealthSchema },
    },
  },
  {
    method: 'get',
    path: '/metrics',
    tag: 'operations',
    summary: 'Prometheus metrics of this API process (docs/operations.md, "Metrics")',
    roles: ['administrator'],
    responses: { 200: { description: 'Prometheus text format 0.0.4', contentType: 'text/plain' } },
  },
  {
    method: 'get',
    path: '/docs',
    tag: 'operations',
    summary: 'This API reference, as an HTML page',
    roles: 'public',
    responses: { 200: { description: 'HTML page', contentType: 'text/html' } },
  },
  {
    method: 'get',
    path: '/docs/openapi.json',
    tag: 'operations',
    summary: 'The OpenAPI 3.1 document',
    roles: 'public',
    responses: {
      200: { description: 'OpenAPI 3.1 document', schema: z.looseObject({ openapi: z.string() }) },
    },
  },
  {
    method: 'get',
    path: '/console',
    tag: 'console',
    summary: 'Supervisor web console (the page holds no data; it calls the API with a pasted token)',
    roles: 'public',
    responses: { 200: { description: 'HTML page', contentType: 'text/html' } },
  },
  {
    method: 'get',
    path: '/console/{file}',
    tag: 'console',
    summary: 'Console script and stylesheet',
    roles: 'public',
    params: ConsoleFileParams,
    responses: { 200: { description: 'static file', contentType: 'text/javascript' }, 404: E404 },
  },
];
