import { z } from 'zod';
import { AmendmentSchema } from '../../../../domain/schemas/amendment';
import { DeclarationSchema } from '../../../../domain/schemas/declaration';
import { ControlDecisionSchema, PaymentSchema } from '../../../../domain/schemas/declaration-commands';
import {
  AnswerBody,
  HitBody,
  PresentationBody,
  ReasonBody,
  RerouteBody,
} from '../../declarations/declarations.controller';
import {
  CaseViewSchema,
  E400,
  E401,
  E403,
  E404,
  E409,
  Mrn,
  MrnParamsSchema,
  err,
  type RouteDoc,
} from './common';

const LodgedSchema = z.object({
  mrn: Mrn,
  status: z.string(),
  duplicate: z.boolean(),
  links: z.looseObject({ self: z.string() }),
});
/** What a signal route answers: the signal was sent; the workflow acts on it asynchronously. */
const SignalledSchema = z.object({
  mrn: Mrn,
  accepted: z.boolean(),
  links: z.object({
    self: z.string(),
    amendments: z.string(),
    invalidation: z.string(),
    controlResults: z.string(),
    payments: z.string(),
  }),
});
/** What the payments route answers: `duplicate` when the same payment (reference) was received before. */
const PaidSchema = SignalledSchema.extend({ duplicate: z.boolean() });
// The payments route adds `actor` (the caller) itself; the client sends the rest.
const PaymentBody = z.object(PaymentSchema.shape).omit({ actor: true });

export const DECLARATION_ROUTES: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/declarations',
    tag: 'declarations',
    summary: 'Lodge a declaration (idempotent on declarant + LRN)',
    roles: ['clearance-system'],
    body: DeclarationSchema,
    responses: {
      202: { description: 'lodged (or the same lodging again)', schema: LodgedSchema },
      400: E400,
      401: E401,
      403: E403,
      409: E409,
    },
  },
  {
    method: 'get',
    path: '/v1/declarations/{mrn}',
    tag: 'declarations',
    summary: 'The declaration case view',
    description:
      "A clearance system reads only the declarations it lodged (404 for any other) and gets the trader's view: no risk view (score, rule hits, seed, draw, engine channel, explanation), no channel reasons, no intelligence hits, no audit flag; re-routings and intelligence hits are left out of its timeline. Officers, supervisors, administrators and auditors get the whole view.",
    roles: ['clearance-system', 'officer', 'supervisor', 'administrator', 'auditor'],
    params: MrnParamsSchema,
    responses: {
      200: { description: 'case view', schema: CaseViewSchema },
      400: E400,
      401: E401,
      403: E403,
      404: E404,
    },
  },
  {
    method: 'post',
    path: '/v1/declarations/{mrn}/amendments',
    tag: 'declarations',
    summary: 'Amend the declaration before release (validation, risk and assessment run again)',
    description:
      'The amended declaration is checked against the reference data (HS codes, offices) first: a 400 names the field. A refusal by the workflow in its current state is a 409.',
    roles: ['clearance-system'],
    params: MrnParamsSchema,
    body: AmendmentSchema,
    responses: {
      200: { description: 'accepted by the workflow: the case view', schema: CaseViewSchema },
      400: E400,
      401: E401,
      403: E403,
      404: E404,
      409: E409,
    },
  },
  {
    method: 'post',
    path: '/v1/declarations/{mrn}/invalidation',
    tag: 'declarations',
    summary: 'Invalidate the declaration: the declarant before release, customs (officer) only after',
    roles: ['clearance-system', 'officer'],
    params: MrnParamsSchema,
    body: ReasonBody,
    responses: {
      200: { description: 'accepted by the workflow: the case view', schema: CaseViewSchema },
      400: E400,
      401: E401,
      403: E403,
      404: E404,
      409: E409,
    },
  },
  {
    method: 'post',
    path: '/v1/declarations/{mrn}/control-results',
    tag: 'declarations',
    summary:
      'Record a documentary check or physical examination result (conform, corrected, non-conform, refuse release)',
    description:
      'The control office must be in the caller scope (403). A second result is refused (409) until a new control is requested.',
    roles: ['officer'],
    params: MrnParamsSchema,
    body: ControlDecisionSchema,
    responses: {
      200: { description: 'accepted by the workflow: the case view', schema: CaseViewSchema },
      400: E400,
      401: E401,
      403: E403,
      404: E404,
      409: E409,
    },
  },
  {
    method: 'post',
    path: '/v1/declarations/{mrn}/reroute',
    tag: 'declarations',
    summary: 'Re-route the channel: an officer may raise it, a supervisor may raise or lower it',
    roles: ['officer', 'supervisor'],
    params: MrnParamsSchema,
    body: RerouteBody,
    responses: {
      200: { description: 'accepted by the workflow: the case view', schema: CaseViewSchema },
      400: E400,
      401: E401,
      403: E403,
      404: E404,
      409: E409,
    },
  },
  {
    method: 'post',
    path: '/v1/declarations/{mrn}/presentation',
    tag: 'declarations',
    summary: 'Goods of a pre-lodged declaration presented at the office',
    roles: ['officer'],
    params: MrnParamsSchema,
    body: PresentationBody,
    responses: {
      200: { description: 'accepted by the workflow: the case view', schema: CaseViewSchema },
      400: E400,
      401: E401,
      403: E403,
      404: E404,
      409: E409,
    },
  },
  {
    method: 'post',
    path: '/v1/declarations/{mrn}/query-answer',
    tag: 'declarations',
    summary: "The declarant's answer to a customs query",
    roles: ['clearance-system'],
    params: MrnParamsSchema,
    body: AnswerBody,
    responses: {
      200: { description: 'accepted by the workflow: the case view', schema: CaseViewSchema },
      400: E400,
      401: E401,
      403: E403,
      404: E404,
      409: E409,
    },
  },
  {
    method: 'post',
    path: '/v1/declarations/{mrn}/payments',
    tag: 'declarations',
    summary:
      'Payment confirmed (treasury), or duties to be secured by a guarantee (declarant: grn + access code)',
    description:
      "A signal: the workflow records the payment or reserves the amount due on the guarantee; a refused reservation is recorded and the case keeps waiting. `actor` is the caller. Method PAYMENT is the treasury's only, method GUARANTEE the declarant's clearance system's only (403 otherwise), on its own declarations (404 otherwise). Keyed by `reference`: the same payment again answers 202 with `duplicate: true` and counts once; another payment under a used reference is a 409 and nothing is sent.",
    roles: ['treasury', 'clearance-system'],
    params: MrnParamsSchema,
    body: PaymentBody,
    responses: {
      202: { description: 'signalled to the workflow (or the same payment again)', schema: PaidSchema },
      400: E400,
      401: E401,
      403: err('role not allowed on this route, or not for this payment method'),
      404: E404,
      409: err('another payment under this reference, or the case is closed'),
    },
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
    responses: {
      202: { description: 'signalled to the workflow', schema: SignalledSchema },
      400: E400,
      401: E401,
      403: E403,
      404: E404,
      409: E409,
    },
  },
];
