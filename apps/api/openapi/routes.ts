import { z } from 'zod';
import { DeclarationSchema } from '../../../domain/schemas/declaration';
import { ReplayRequestSchema } from '../admin/admin.controller';
import { ROLES, type Role } from '../auth/tokens';
import { CaseFiltersSchema } from '../cases/case-query';
import { CaseRefSchema, SignalBodySchema, SignalRefSchema } from '../cases/cases.controller';
import { ReleaseTimesQuerySchema, ReleaseTimesResponseSchema } from '../statistics/statistics.schemas';

/**
 * Every route of the API, by hand, with the zod schemas its controller validates with. The OpenAPI
 * document is generated from this table, and tests/e2e/openapi.test.ts fails when Nest registers a
 * route that is missing here (or the roles here differ from the route's @Roles).
 */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ResponseDoc {
  description: string;
  schema?: z.ZodType;
  /** Content type when not JSON (HTML pages, static files). */
  contentType?: string;
}

export interface RouteDoc {
  method: HttpMethod;
  /** OpenAPI path template: `/v1/cases/{kind}/{id}`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** Roles allowed, or 'public' for a route without a token. */
  roles: readonly Role[] | 'public';
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  responses: Record<number, ResponseDoc>;
}

/** The one error shape of every route. */
export const ErrorSchema = z.object({
  error: z.string().describe('machine-readable code: validation_failed, unauthorized, forbidden, not_found, conflict, unavailable, ...'),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string(), code: z.string().optional() })),
});

const Mrn = z.string().regex(/^[0-9]{2}[A-Z]{2}[A-Z0-9]{13}[0-9]$/, 'an MRN with a valid check digit');
// Documented here because apps/api/declarations keeps its MRN parameter schema private.
const MrnParamsSchema = z.object({ mrn: Mrn });

const Timeline = z.array(
  z.object({ seq: z.number().int(), at: z.string(), type: z.string(), state: z.string().optional(), actor: z.string(), reason: z.string().optional(), data: z.record(z.string(), z.unknown()).optional() }),
);
/** Common part of every case view; each process adds its own fields (MRN, channel, duties, ...). */
const CaseViewSchema = z.looseObject({
  caseId: z.string(),
  kind: z.string(),
  state: z.string(),
  channel: z.string().optional(),
  office: z.string().optional(),
  country: z.string().optional(),
  stuck: z.boolean().optional(),
  stuckSince: z.string().optional(),
  pending: z.object({ action: z.string(), by: z.string(), deadline: z.string().optional() }).optional(),
  timeline: Timeline,
});
const CaseSummarySchema = z.object({
  caseId: z.string(),
  kind: z.string().optional(),
  state: z.string().optional(),
  channel: z.string().optional(),
  office: z.string().optional(),
  country: z.string().optional(),
  stuck: z.boolean(),
  stuckSince: z.string().optional(),
  status: z.string(),
  startedAt: z.string().optional(),
  ageSeconds: z.number().optional(),
  links: z.object({ self: z.string(), history: z.string() }),
});
const LodgedSchema = z.object({ mrn: Mrn, status: z.string(), links: z.object({ self: z.string() }) });
const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  temporal: z.object({ up: z.boolean(), latencyMs: z.number().optional(), error: z.string().optional() }),
  postgres: z.object({ up: z.boolean(), latencyMs: z.number().optional(), error: z.string().optional() }),
});
const ReplayReportSchema = z.looseObject({
  replayed: z.number().int(),
  identical: z.number().int(),
  diverged: z.array(z.looseObject({ workflowId: z.string() })),
  workflowIds: z.array(z.string()),
});
const HistorySchema = z.object({
  caseId: z.string(),
  runId: z.string(),
  workflowType: z.string(),
  status: z.string(),
  timeline: Timeline,
  history: z.looseObject({ events: z.array(z.looseObject({})) }).describe('Temporal history as JSON (proto3 JSON mapping)'),
});
const ConsoleFileParams = z.object({ file: z.enum(['index.html', 'app.js', 'app.css']) });

const err = (description: string): ResponseDoc => ({ description, schema: ErrorSchema });
const E400 = err('invalid request: every bad field named in `issues`');
const E401 = err('no or invalid bearer token');
const E403 = err('role not allowed on this route, or office outside the caller scope');
const E404 = err('not found, or outside the caller scope (never revealed)');
const E409 = err('conflict: the workflow refused in its current state, or the same LRN with other content');

export const ROUTES: RouteDoc[] = [
  // --- operations
  { method: 'get', path: '/health', tag: 'operations', summary: 'Reachability of Temporal and PostgreSQL', roles: 'public', responses: { 200: { description: 'both up', schema: HealthSchema }, 503: { description: 'degraded', schema: HealthSchema } } },
  { method: 'get', path: '/docs', tag: 'operations', summary: 'This API reference, as an HTML page', roles: 'public', responses: { 200: { description: 'HTML page', contentType: 'text/html' } } },
  { method: 'get', path: '/docs/openapi.json', tag: 'operations', summary: 'The OpenAPI 3.1 document', roles: 'public', responses: { 200: { description: 'OpenAPI 3.1 document', schema: z.looseObject({ openapi: z.string() }) } } },
  { method: 'get', path: '/console', tag: 'console', summary: 'Supervisor web console (the page holds no data; it calls the API with a pasted token)', roles: 'public', responses: { 200: { description: 'HTML page', contentType: 'text/html' } } },
  { method: 'get', path: '/console/{file}', tag: 'console', summary: 'Console script and stylesheet', roles: 'public', params: ConsoleFileParams, responses: { 200: { description: 'static file', contentType: 'text/javascript' }, 404: E404 } },

  // --- declarations
  {
    method: 'post',
    path: '/v1/declarations',
    tag: 'declarations',
    summary: 'Lodge a declaration (idempotent on declarant + LRN)',
    roles: ['clearance-system'],
    body: DeclarationSchema,
    responses: { 202: { description: 'lodged (or the same lodging again)', schema: LodgedSchema }, 400: E400, 401: E401, 403: E403, 409: E409 },
  },
  {
    method: 'get',
    path: '/v1/declarations/{mrn}',
    tag: 'declarations',
    summary: 'The declaration case view',
    roles: ['clearance-system', 'officer', 'supervisor', 'administrator'],
    params: MrnParamsSchema,
    responses: { 200: { description: 'case view', schema: CaseViewSchema }, 400: E400, 401: E401, 403: E403, 404: E404 },
  },

  // --- cases (supervisors, administrators)
  {
    method: 'get',
    path: '/v1/cases',
    tag: 'cases',
    summary: 'Cases of every kind, filtered, paginated and scoped to the caller (Temporal visibility)',
    roles: ['supervisor', 'administrator'],
    query: CaseFiltersSchema,
    responses: {
      200: { description: 'a page of cases', schema: z.object({ cases: z.array(CaseSummarySchema), nextPageToken: z.string().optional(), query: z.string() }) },
      400: E400,
      401: E401,
      403: E403,
    },
  },
  {
    method: 'get',
    path: '/v1/cases/{kind}/{id}',
    tag: 'cases',
    summary: 'The case view from the workflow query: state, pending action, deadlines, timeline',
    roles: ['officer', 'supervisor', 'administrator'],
    params: CaseRefSchema,
    responses: { 200: { description: 'case view', schema: CaseViewSchema }, 400: E400, 401: E401, 403: E403, 404: E404 },
  },
  {
    method: 'get',
    path: '/v1/cases/{kind}/{id}/history',
    tag: 'cases',
    summary: 'Full Temporal event history plus the domain timeline (audit export)',
    roles: ['administrator'],
    params: CaseRefSchema,
    responses: { 200: { description: 'history', schema: HistorySchema }, 400: E400, 401: E401, 403: E403, 404: E404 },
  },
  {
    method: 'post',
    path: '/v1/cases/{kind}/{id}/signals/{signal}',
    tag: 'cases',
    summary: 'Supervisor action: release, escalate, reassign, extend-deadline, cancel (mandatory reason)',
    description: 'Validated by the workflow; a refusal in the current state is a 409. `reassign` needs `assignee`, `extend-deadline` needs `extendBy`.',
    roles: ['supervisor'],
    params: SignalRefSchema,
    body: SignalBodySchema,
    responses: { 200: { description: 'the case view after the action', schema: CaseViewSchema }, 400: E400, 401: E401, 403: E403, 404: E404, 409: E409 },
  },

  // --- administration
  {
    method: 'post',
    path: '/v1/admin/replay',
    tag: 'admin',
    summary: 'Replay case histories with the current workflow code (ids or a visibility query)',
    roles: ['administrator'],
    body: ReplayRequestSchema,
    responses: { 200: { description: 'replay report', schema: ReplayReportSchema }, 400: E400, 401: E401, 403: E403, 404: E404 },
  },

  // --- statistics
  {
    method: 'get',
    path: '/v1/statistics/release-times',
    tag: 'statistics',
    summary: 'WCO Time Release Study figures: median and p90 per segment by office and channel, and channel rates',
    description: 'Declarations lodged in [from, to) (default: the 30 days before now), in the caller scope. Segments: arrival -> lodgement, lodgement -> risk decision, risk decision -> release, lodgement -> release.',
    roles: ['supervisor', 'administrator'],
    query: ReleaseTimesQuerySchema,
    responses: { 200: { description: 'figures', schema: ReleaseTimesResponseSchema }, 400: E400, 401: E401, 403: E403 },
  },
];

export const ALL_ROLES = ROLES;
