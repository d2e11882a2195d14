import { z } from 'zod';
import { AmendmentSchema } from '../../../domain/schemas/amendment';
import { RiskProfileSchema } from '../../../domain/risk';
import { ControlDecisionSchema, IntelligenceHitSchema } from '../../../workflows/messages';
import type { RouteDoc } from '../openapi/routes';

/**
 * OpenAPI entries of the declaration routes added by issue 4 (control results, amendments, ...),
 * the webhook subscription and the risk profiles. The route table in apps/api/openapi/routes.ts
 * spreads `DECLARATION_ROUTE_DOCS` in.
 */
// The error shape again (not imported: openapi/routes.ts imports this module, a value import would be circular).
const ErrorSchema = z.object({
  error: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string(), code: z.string().optional() })),
});
const err = (description: string) => ({ description, schema: ErrorSchema });
const E400 = err('invalid request: every bad field named in `issues`');
const E401 = err('no or invalid bearer token');
const E403 = err('role not allowed on this route, or office outside the caller scope');
const E404 = err('not found, or outside the caller scope (never revealed)');
const E409 = err('the workflow refused in its current state (validator message), or the case is closed');
const Mrn = z.object({ mrn: z.string().regex(/^[0-9]{2}[A-Z]{2}[A-Z0-9]{13}[0-9]$/, 'an MRN with a valid check digit') });
const View = z.looseObject({ caseId: z.string(), mrn: z.string(), state: z.string(), channel: z.string().optional(), timeline: z.array(z.looseObject({})) });
const Accepted = z.object({ mrn: z.string(), accepted: z.boolean(), links: z.looseObject({ self: z.string() }) });
const Office = z.string().regex(/^[A-Z]{2}[A-Z0-9]{6}$/);
const PaymentBody = z.object({
  method: z.enum(['PAYMENT', 'GUARANTEE']).default('PAYMENT'),
  reference: z.string(),
  amount: z.string().optional().describe('PAYMENT: decimal string in the assessment currency'),
  currency: z.string().optional(),
  grn: z.string().optional().describe('GUARANTEE: the guarantee reference'),
  accessCode: z.string().optional(),
});

const update = (path: string, summary: string, roles: RouteDoc['roles'], body: z.ZodType): RouteDoc => ({
  method: 'post',
  path: `/v1/declarations/{mrn}/${path}`,
  tag: 'declarations',
  summary,
  roles,
  params: Mrn,
  body,
  responses: { 200: { description: 'accepted by the workflow: the case view', schema: View }, 400: E400, 401: E401, 403: E403, 404: E404, 409: E409 },
});
const signal = (path: string, summary: string, roles: RouteDoc['roles'], body: z.ZodType): RouteDoc => ({
  method: 'post',
  path: `/v1/declarations/{mrn}/${path}`,
  tag: 'declarations',
  summary,
  roles,
  params: Mrn,
  body,
  responses: { 202: { description: 'signalled to the workflow', schema: Accepted }, 400: E400, 401: E401, 403: E403, 404: E404, 409: E409 },
});

export const DECLARATION_ROUTE_DOCS: RouteDoc[] = [
  update('control-results', 'Record a documentary / physical control result (conform, corrected, non-conform, refuse release)', ['officer'], ControlDecisionSchema),
  update('amendments', 'Amend the declaration before release (re-runs validation, risk and assessment)', ['clearance-system'], AmendmentSchema),
  update('invalidation', 'Invalidate: the declarant before release, customs (officer) only after', ['clearance-system', 'officer'], z.object({ reason: z.string() })),
  update('reroute', 'Re-route the channel (officer raises; supervisor either way)', ['officer', 'supervisor'], z.object({ channel: z.enum(['GREEN', 'BLUE', 'YELLOW', 'QUERY', 'RED']), reason: z.string(), office: Office })),
  update('presentation', 'Goods of a pre-lodged declaration presented at the office', ['officer'], z.object({ office: Office, remarks: z.string().optional() })),
  update('query-answer', "The declarant's answer to a customs query", ['clearance-system'], z.object({ answer: z.string() })),
  signal('payments', 'Payment confirmed, or duties to be secured by a guarantee', ['clearance-system', 'officer'], PaymentBody),
  signal('intelligence-hits', 'Intelligence hit: forces RED before release, recorded for audit after', ['officer', 'supervisor', 'partner'], IntelligenceHitSchema.omit({ source: true })),
  {
    method: 'put',
    path: '/v1/webhook-subscription',
    tag: 'declarations',
    summary: "Register the caller's webhook for decisions (delivered from the outbox with retries, Idempotency-Key = message id)",
    roles: ['clearance-system'],
    body: z.object({ url: z.string(), secret: z.string().optional() }),
    responses: { 200: { description: 'stored', schema: z.object({ subscriber: z.string(), url: z.string(), signed: z.boolean() }) }, 400: E400, 401: E401, 403: E403 },
  },
  {
    method: 'get',
    path: '/v1/webhook-subscription',
    tag: 'declarations',
    summary: "The caller's webhook",
    roles: ['clearance-system'],
    responses: { 200: { description: 'subscription', schema: z.object({ subscriber: z.string(), url: z.string(), signed: z.boolean() }) }, 401: E401, 403: E403, 404: E404 },
  },
  {
    method: 'post',
    path: '/v1/risk-profiles',
    tag: 'risk',
    summary: 'Store a new risk profile version (validated; immutable once stored)',
    roles: ['administrator'],
    body: RiskProfileSchema,
    responses: {
      201: { description: 'stored', schema: z.looseObject({ id: z.string(), version: z.number() }) },
      200: { description: 'the same version again, unchanged', schema: z.looseObject({ id: z.string(), version: z.number() }) },
      400: E400,
      401: E401,
      403: E403,
      409: err('the same id and version exist with other content'),
    },
  },
  {
    method: 'get',
    path: '/v1/risk-profiles/{id}',
    tag: 'risk',
    summary: 'Latest version of a risk profile, its versions and rule hit-rate statistics',
    roles: ['administrator', 'supervisor'],
    params: z.object({ id: z.string() }),
    responses: { 200: { description: 'profile', schema: z.looseObject({ id: z.string(), version: z.number() }) }, 401: E401, 403: E403, 404: E404 },
  },
];
