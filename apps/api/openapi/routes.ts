import { z } from 'zod';
import { RiskProfileSchema } from '../../../domain/risk';
import { AmendmentSchema } from '../../../domain/schemas/amendment';
import { GrnSchema } from '../../../domain/schemas/common';
import { DeclarationSchema } from '../../../domain/schemas/declaration';
import { GuaranteeRegistrationSchema } from '../../../domain/schemas/guarantee';
import { TransitDeclarationObjectSchema } from '../../../domain/schemas/transit';
import { ControlDecisionSchema, PaymentSchema } from '../../../workflows/messages';
import { ReplayRequestSchema } from '../admin/admin.controller';
import { ROLES, type Role } from '../auth/tokens';
import { CaseFiltersSchema } from '../cases/case-query';
import { CaseRefSchema, SignalBodySchema, SignalRefSchema } from '../cases/cases.controller';
import { AnswerBody, HitBody, PresentationBody, ReasonBody, RerouteBody } from '../declarations/declarations.controller';
import { SubscriptionBody } from '../declarations/webhooks.controller';
import { ReleaseTimesQuerySchema, ReleaseTimesResponseSchema } from '../statistics/statistics.schemas';
import {
  AmendmentBody,
  ArrivalBody,
  BorderCrossingBody,
  ControlResultBody,
  EnquiryResponseBody,
  ExtensionBody,
  IncidentBody,
  ResolutionBody,
  RevocationBody,
  TirCarnetSchema,
  UnloadingRemarksBody,
} from '../transits/dto';
import { ExchangeMessageBody, ExchangeOutcomeSchema } from '../exchange/dto';

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
// Documented here because apps/api/declarations and apps/api/transits keep their MRN parameter schema private.
const MrnParamsSchema = z.object({ mrn: Mrn });
const GrnParamsSchema = z.object({ grn: GrnSchema.describe('guarantee reference number: year, country, 12-20 characters') });
// The risk profile controller takes its id as is (an unknown id is a 404).
const RiskProfileParamsSchema = z.object({ id: z.string().describe('risk profile id') });

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
const LodgedSchema = z.object({ mrn: Mrn, status: z.string(), duplicate: z.boolean(), links: z.looseObject({ self: z.string() }) });
/** What a signal route answers: the signal was sent; the workflow acts on it asynchronously. */
const SignalledSchema = z.object({
  mrn: Mrn,
  accepted: z.boolean(),
  links: z.object({ self: z.string(), amendments: z.string(), invalidation: z.string(), controlResults: z.string(), payments: z.string() }),
});
// The payments route adds `actor` (the caller) itself; the client sends the rest.
const PaymentBody = z.object(PaymentSchema.shape).omit({ actor: true });
// The risk profile schema is recursive (nested conditions): document.ts hoists its `$defs` into components.
const RiskProfileBody = RiskProfileSchema;
const TransitLodgeBody = TransitDeclarationObjectSchema.extend(TirCarnetSchema.shape);
const TransitLodgedSchema = z.object({ mrn: Mrn, status: z.string(), duplicate: z.boolean(), links: z.object({ self: z.string() }) });
const GuaranteeRegisteredSchema = z.object({ grn: z.string(), status: z.string(), duplicate: z.boolean(), links: z.object({ self: z.string() }) });
const GuaranteeBalanceSchema = z.looseObject({
  grn: z.string(),
  status: z.string(),
  statusReason: z.string().optional(),
  type: z.string(),
  currency: z.string(),
  referenceAmount: z.string(),
  reserved: z.string(),
  charged: z.string(),
  available: z.string(),
  validFrom: z.string(),
  validUntil: z.string(),
  countriesOfValidity: z.array(z.string()),
  openReservations: z.array(z.looseObject({})),
  recentlyClosed: z.array(z.looseObject({})),
  holder: z.string(),
  timeline: Timeline,
});
const WebhookSubscriptionSchema = z.object({ subscriber: z.string(), url: z.string(), signed: z.boolean() });
const RiskProfileStoredSchema = z.object({ id: z.string(), version: z.number().int(), country: z.string().nullable(), rules: z.number().int(), stored: z.boolean() });
const RiskProfileViewSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  versions: z.array(z.object({ version: z.number().int(), createdAt: z.string(), createdBy: z.string() })),
  document: z.looseObject({}).describe('the latest version, as stored'),
  statistics: z.record(z.string(), z.object({ hits: z.number(), controls: z.number(), nonConform: z.number(), hitRate: z.number() })).describe('per rule id'),
});
const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  temporal: z.object({ up: z.boolean(), latencyMs: z.number().optional(), serverVersion: z.string().optional(), error: z.string().optional() }),
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
  {
    method: 'post',
    path: '/v1/declarations/{mrn}/amendments',
    tag: 'declarations',
    summary: 'Amend the declaration before release (validation, risk and assessment run again)',
    description: 'The amended declaration is checked against the reference data (HS codes, offices) first: a 400 names the field. A refusal by the workflow in its current state is a 409.',
    roles: ['clearance-system'],
    params: MrnParamsSchema,
    body: AmendmentSchema,
    responses: { 200: { description: 'accepted by the workflow: the case view', schema: CaseViewSchema }, 400: E400, 401: E401, 403: E403, 404: E404, 409: E409 },
  },
  {
    method: 'post',
    path: '/v1/declarations/{mrn}/invalidation',
    tag: 'declarations',
    summary: 'Invalidate the declaration: the declarant before release, customs (officer) only after',
    roles: ['clearance-system', 'officer'],
    params: MrnParamsSchema,
    body: ReasonBody,
    responses: { 200: { description: 'accepted by the workflow: the case view', schema: CaseViewSchema }, 400: E400, 401: E401, 403: E403, 404: E404, 409: E409 },
  },
  {
    method: 'post',
    path: '/v1/declarations/{mrn}/control-results',
    tag: 'declarations',
    summary: 'Record a documentary check or physical examination result (conform, corrected, non-conform, refuse release)',
    description: 'The control office must be in the caller scope (403). A second result is refused (409) until a new control is requested.',
    roles: ['officer'],
    params: MrnParamsSchema,
    body: ControlDecisionSchema,
    responses: { 200: { description: 'accepted by the workflow: the case view', schema: CaseViewSchema }, 400: E400, 401: E401, 403: E403, 404: E404, 409: E409 },
  },
  {
    method: 'post',
    path: '/v1/declarations/{mrn}/reroute',
    tag: 'declarations',
    summary: 'Re-route the channel: an officer may raise it, a supervisor may raise or lower it',
    roles: ['officer', 'supervisor'],
    params: MrnParamsSchema,
    body: RerouteBody,
    responses: { 200: { description: 'accepted by the workflow: the case view', schema: CaseViewSchema }, 400: E400, 401: E401, 403: E403, 404: E404, 409: E409 },
  },
  {
    method: 'post',
    path: '/v1/declarations/{mrn}/presentation',
    tag: 'declarations',
    summary: 'Goods of a pre-lodged declaration presented at the office',
    roles: ['officer'],
    params: MrnParamsSchema,
    body: PresentationBody,
    responses: { 200: { description: 'accepted by the workflow: the case view', schema: CaseViewSchema }, 400: E400, 401: E401, 403: E403, 404: E404, 409: E409 },
  },
  {
    method: 'post',
    path: '/v1/declarations/{mrn}/query-answer',
    tag: 'declarations',
    summary: "The declarant's answer to a customs query",
    roles: ['clearance-system'],
    params: MrnParamsSchema,
    body: AnswerBody,
    responses: { 200: { description: 'accepted by the workflow: the case view', schema: CaseViewSchema }, 400: E400, 401: E401, 403: E403, 404: E404, 409: E409 },
  },
  {
    method: 'post',
    path: '/v1/declarations/{mrn}/payments',
    tag: 'declarations',
    summary: 'Payment confirmed, or duties to be secured by a guarantee (grn + access code)',
    description: 'A signal: the workflow records the payment or reserves the amount due on the guarantee; a refused reservation is recorded and the case keeps waiting. `actor` is the caller.',
    roles: ['clearance-system', 'officer'],
    params: MrnParamsSchema,
    body: PaymentBody,
    responses: { 202: { description: 'signalled to the workflow', schema: SignalledSchema }, 400: E400, 401: E401, 403: E403, 404: E404, 409: E409 },
  },
  {
    method: 'post',
    path: '/v1/declarations/{mrn}/intelligence-hits',
    tag: 'declarations',
    summary: 'Intelligence hit: forces RED before release, recorded for post-entry audit after',
    description: '`source` is set from the caller (role and subject).',
    roles: ['officer', 'supervisor', 'partner'],
    params: MrnParamsSchema,
    body: HitBody,
    responses: { 202: { description: 'signalled to the workflow', schema: SignalledSchema }, 400: E400, 401: E401, 403: E403, 404: E404, 409: E409 },
  },

  // --- webhooks (clearance systems)
  {
    method: 'put',
    path: '/v1/webhook-subscription',
    tag: 'webhooks',
    summary: "Register the caller's webhook for decisions on the declarations it lodged",
    description: 'Deliveries come from the outbox, with retries and `Idempotency-Key: <message id>`; with a `secret`, each carries `X-Clearway-Signature: sha256=<HMAC of the body>`.',
    roles: ['clearance-system'],
    body: SubscriptionBody,
    responses: { 200: { description: 'stored', schema: WebhookSubscriptionSchema }, 400: E400, 401: E401, 403: E403 },
  },
  {
    method: 'get',
    path: '/v1/webhook-subscription',
    tag: 'webhooks',
    summary: "The caller's webhook",
    roles: ['clearance-system'],
    responses: { 200: { description: 'subscription', schema: WebhookSubscriptionSchema }, 401: E401, 403: E403, 404: E404 },
  },

  // --- transits
  {
    method: 'post',
    path: '/v1/transits',
    tag: 'transits',
    summary: 'Lodge a transit declaration (idempotent on holder + LRN)',
    description: 'A TIR movement (declaration type TIR or guarantee type B) needs `tirCarnetNumber`; declaration type TIR needs guarantee type B.',
    roles: ['clearance-system'],
    body: TransitLodgeBody,
    responses: { 202: { description: 'lodged (or the same lodging again)', schema: TransitLodgedSchema }, 400: E400, 401: E401, 403: E403, 409: E409 },
  },
  {
    method: 'get',
    path: '/v1/transits/{mrn}',
    tag: 'transits',
    summary: 'The transit movement case view (visible to the countries on its itinerary)',
    roles: ['clearance-system', 'officer', 'supervisor', 'administrator'],
    params: MrnParamsSchema,
    responses: { 200: { description: 'case view', schema: CaseViewSchema }, 400: E400, 401: E401, 403: E403, 404: E404 },
  },
  {
    method: 'post',
    path: '/v1/transits/{mrn}/control-results',
    tag: 'transits',
    summary: 'Departure control result (conform or non-conform, seals)',
    roles: ['officer'],
    params: MrnParamsSchema,
    body: ControlResultBody,
    responses: { 200: { description: 'accepted by the workflow: the case view', schema: CaseViewSchema }, 400: E400, 401: E401, 403: E403, 404: E404, 409: E409 },
  },
  {
    method: 'post',
    path: '/v1/transits/{mrn}/border-crossings',
    tag: 'transits',
    summary: 'Border crossing at an office of transit',
    roles: ['officer'],
    params: MrnParamsSchema,
    body: BorderCrossingBody,
    responses: { 200: { description: 'accepted by the workflow: the case view', schema: CaseViewSchema }, 400: E400, 401: E401, 403: E403, 404: E404, 409: E409 },
  },
  {
    method: 'post',
    path: '/v1/transits/{mrn}/incidents',
    tag: 'transits',
    summary: 'Incident en route (delay, accident, broken seals, transhipment, ...)',
    roles: ['officer'],
    params: MrnParamsSchema,
    body: IncidentBody,
    responses: { 200: { description: 'accepted by the workflow: the case view', schema: CaseViewSchema }, 400: E400, 401: E401, 403: E403, 404: E404, 409: E409 },
  },
  {
    method: 'post',
    path: '/v1/transits/{mrn}/arrival',
    tag: 'transits',
    summary: 'Arrival notified at the office of destination',
    roles: ['officer'],
    params: MrnParamsSchema,
    body: ArrivalBody,
    responses: { 200: { description: 'accepted by the workflow: the case view', schema: CaseViewSchema }, 400: E400, 401: E401, 403: E403, 404: E404, 409: E409 },
  },
  {
    method: 'post',
    path: '/v1/transits/{mrn}/unloading-remarks',
    tag: 'transits',
    summary: 'Unloading remarks at destination (conform, or the discrepancies)',
    roles: ['officer'],
    params: MrnParamsSchema,
    body: UnloadingRemarksBody,
    responses: { 200: { description: 'accepted by the workflow: the case view', schema: CaseViewSchema }, 400: E400, 401: E401, 403: E403, 404: E404, 409: E409 },
  },
  {
    method: 'post',
    path: '/v1/transits/{mrn}/discrepancies/resolution',
    tag: 'transits',
    summary: 'Discrepancies resolved at destination',
    roles: ['officer'],
    params: MrnParamsSchema,
    body: ResolutionBody,
    responses: { 200: { description: 'accepted by the workflow: the case view', schema: CaseViewSchema }, 400: E400, 401: E401, 403: E403, 404: E404, 409: E409 },
  },
  {
    method: 'post',
    path: '/v1/transits/{mrn}/enquiry-response',
    tag: 'transits',
    summary: "The holder's answer to an enquiry: proof of the end of the movement, or an explanation",
    roles: ['clearance-system'],
    params: MrnParamsSchema,
    body: EnquiryResponseBody,
    responses: { 200: { description: 'accepted by the workflow: the case view', schema: CaseViewSchema }, 400: E400, 401: E401, 403: E403, 404: E404, 409: E409 },
  },
  {
    method: 'post',
    path: '/v1/transits/{mrn}/amendments',
    tag: 'transits',
    summary: 'Amend the guarantee of the movement',
    roles: ['clearance-system'],
    params: MrnParamsSchema,
    body: AmendmentBody,
    responses: { 200: { description: 'accepted by the workflow: the case view', schema: CaseViewSchema }, 400: E400, 401: E401, 403: E403, 404: E404, 409: E409 },
  },

  // --- exchange
  {
    method: 'post',
    path: '/v1/exchange/messages',
    tag: 'exchange',
    summary: "A partner administration's message about a movement: IE118 crossing, IE182 incident, IE006 arrival, IE018 unloading remarks",
    description:
      'Stored once in the exchange inbox under `messageId` and applied once to the movement. The same message again answers the first outcome with `duplicate: true`; the same id with other content is a 409. A message the movement refuses (out of sequence) is a 409 with the reason, then and on every redelivery.',
    roles: ['partner'],
    body: ExchangeMessageBody,
    responses: { 200: { description: 'applied (or the same message again)', schema: ExchangeOutcomeSchema }, 400: E400, 401: E401, 403: E403, 404: E404, 409: E409 },
  },

  // --- guarantees
  {
    method: 'post',
    path: '/v1/guarantees',
    tag: 'guarantees',
    summary: 'Register a guarantee (idempotent on the GRN)',
    roles: ['clearance-system', 'administrator'],
    body: GuaranteeRegistrationSchema,
    responses: { 202: { description: 'registered (or the same registration again)', schema: GuaranteeRegisteredSchema }, 400: E400, 401: E401, 403: E403, 409: E409 },
  },
  {
    method: 'get',
    path: '/v1/guarantees/{grn}',
    tag: 'guarantees',
    summary: 'Balance of a guarantee: reference amount, reserved, charged, available, open reservations',
    roles: ['clearance-system', 'officer', 'supervisor', 'administrator'],
    params: GrnParamsSchema,
    responses: { 200: { description: 'balance', schema: GuaranteeBalanceSchema }, 400: E400, 401: E401, 403: E403, 404: E404 },
  },
  {
    method: 'post',
    path: '/v1/guarantees/{grn}/revocation',
    tag: 'guarantees',
    summary: 'Revoke an active guarantee',
    roles: ['supervisor', 'administrator'],
    params: GrnParamsSchema,
    body: RevocationBody,
    responses: { 202: { description: 'revocation signalled', schema: z.object({ grn: z.string(), status: z.literal('REVOKED') }) }, 400: E400, 401: E401, 403: E403, 404: E404, 409: E409 },
  },
  {
    method: 'post',
    path: '/v1/guarantees/{grn}/extension',
    tag: 'guarantees',
    summary: 'Extend the validity of an active guarantee',
    description: '`validUntil` must be later than the current end (409 otherwise).',
    roles: ['supervisor', 'administrator'],
    params: GrnParamsSchema,
    body: ExtensionBody,
    responses: { 202: { description: 'extension signalled', schema: z.object({ grn: z.string(), validUntil: z.string() }) }, 400: E400, 401: E401, 403: E403, 404: E404, 409: E409 },
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

  // --- risk profiles
  {
    method: 'post',
    path: '/v1/risk-profiles',
    tag: 'risk-profiles',
    summary: 'Store a new risk profile version (validated; versions are immutable)',
    description: 'A new version becomes the active profile of its country for declarations assessed from then on.',
    roles: ['administrator'],
    body: RiskProfileBody,
    responses: { 201: { description: 'stored', schema: RiskProfileStoredSchema }, 200: { description: 'the same version again, unchanged', schema: RiskProfileStoredSchema }, 400: E400, 401: E401, 403: E403, 409: err('the same id and version exist with other content: store a new version') },
  },
  {
    method: 'get',
    path: '/v1/risk-profiles/{id}',
    tag: 'risk-profiles',
    summary: 'Latest version of a risk profile, its versions and the hit-rate statistics of its rules',
    roles: ['administrator', 'supervisor'],
    params: RiskProfileParamsSchema,
    responses: { 200: { description: 'profile', schema: RiskProfileViewSchema }, 401: E401, 403: E403, 404: E404 },
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
