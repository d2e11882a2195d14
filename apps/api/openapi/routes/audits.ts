import { z } from 'zod';
import type { Role } from '../../auth/tokens';
import { SupervisionParams } from '../../audits/audits.controller';
import { AuditListQuerySchema } from '../../audits/listing';
import { SignalBodySchema } from '../../cases/cases.controller';
import {
  AnswerDocumentsSchema,
  AppealDecisionSchema,
  AppealSchema,
  AskExtensionSchema,
  AuditIdSchema,
  AuditPaymentSchema,
  ChargeGuaranteeSchema,
  CommentDraftSchema,
  IssueDraftSchema,
  IssueFinalSchema,
  OpenAuditSchema,
  RecordFindingsSchema,
  RecordVisitSchema,
  RequestDocumentsSchema,
} from '../../../../domain/schemas/audit';
import { CaseViewSchema, E400, E401, E403, E404, E409, type RouteDoc } from './common';

const AuditParams = z.object({ id: AuditIdSchema });
const AuditViewSchema = CaseViewSchema.extend({
  auditId: z.string(),
  auditKind: z.string(),
  declarations: z.array(z.string()),
  currency: z.string(),
  source: z
    .string()
    .optional()
    .describe('BLUE, HIT_AFTER_RELEASE, REQUEST or SAMPLE; not in the trader view'),
}).describe(
  "The audit case view. The trader's clearance system gets it without the selection (source, reason, requestedBy) and customs' handling (stuck, escalations, reassignment).",
);
const Opened = z.object({
  auditId: z.string(),
  state: z.string(),
  duplicate: z.boolean(),
  links: z.object({ self: z.string() }),
});
const Paid = z.object({ auditId: z.string(), accepted: z.literal(true), duplicate: z.boolean() });

const command = (
  path: string,
  summary: string,
  roles: readonly Role[],
  body: z.ZodType,
  description?: string,
): RouteDoc => ({
  method: 'post',
  path: `/v1/audits/{id}/${path}`,
  tag: 'audits',
  summary,
  ...(description ? { description } : {}),
  roles,
  params: AuditParams,
  body,
  responses: {
    200: { description: 'the audit view after the command', schema: AuditViewSchema },
    400: E400,
    401: E401,
    403: E403,
    404: E404,
    409: E409,
  },
});

export const AUDIT_ROUTES: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/audits',
    tag: 'audits',
    summary:
      'Open a post-entry audit on declarations, or on a trader and a period (idempotent on the request)',
    description:
      'Every declaration must exist in the caller countries (400 naming it), belong to one administration and one trader, be released (409) and not past the administration limitation period (409 with the reason). The audit id derives from the request: the same request again answers the same audit with `duplicate: true`. Nothing is started on a 4xx.',
    roles: ['supervisor', 'administrator', 'auditor'],
    body: OpenAuditSchema,
    responses: {
      202: { description: 'opened (or the same request again)', schema: Opened },
      400: E400,
      401: E401,
      403: E403,
      409: E409,
    },
  },
  {
    method: 'get',
    path: '/v1/audits',
    tag: 'audits',
    summary: 'The audits the caller may see, newest first (at most 100)',
    description:
      'Customs roles: the audits of their countries; a clearance system: the audits of the declarations it lodged. A summary, the same for every audience (no selection source or reason).',
    roles: ['clearance-system', 'auditor', 'supervisor', 'administrator'],
    query: AuditListQuerySchema,
    responses: {
      200: {
        description: 'audits',
        schema: z.object({
          audits: z.array(
            z.object({
              auditId: z.string(),
              state: z.string(),
              office: z.string(),
              country: z.string(),
              declarations: z.array(z.string()),
              updatedAt: z.string(),
              links: z.object({ self: z.string() }),
            }),
          ),
        }),
      },
      400: E400,
      401: E401,
      403: E403,
    },
  },
  {
    method: 'get',
    path: '/v1/audits/{id}',
    tag: 'audits',
    summary: 'The audit case view',
    description:
      "Customs roles see the audits of their countries; a clearance system only the audits of the declarations it lodged (404 for any other), in the trader's view.",
    roles: ['clearance-system', 'auditor', 'supervisor', 'administrator'],
    params: AuditParams,
    responses: {
      200: { description: 'audit view', schema: AuditViewSchema },
      400: E400,
      401: E401,
      403: E403,
      404: E404,
    },
  },
  command(
    'visit',
    'Record the field-audit visit date agreed with the trader',
    ['auditor'],
    RecordVisitSchema,
  ),
  command(
    'document-requests',
    'Request documents from the trader, with a deadline from the administration settings',
    ['auditor'],
    RequestDocumentsSchema,
  ),
  command(
    'documents',
    'Answer the open document request (the audited trader)',
    ['clearance-system'],
    AnswerDocumentsSchema,
  ),
  command(
    'extension',
    'Ask the one extension of a document deadline',
    ['clearance-system'],
    AskExtensionSchema,
  ),
  command(
    'findings',
    'Record findings per declaration item; the duty engine recomputes each',
    ['auditor'],
    RecordFindingsSchema,
    'Each finding names a declaration under audit and one of its items (400 naming `findings[i].mrn` or `findings[i].itemSeq` otherwise); corrected values are never negative.',
  ),
  command('draft', 'Issue the draft report; the comments period starts', ['auditor'], IssueDraftSchema),
  command(
    'comments',
    'Comment on the draft report within the comments period',
    ['clearance-system'],
    CommentDraftSchema,
  ),
  command('final', 'Issue the final assessment; the appeal window starts', ['auditor'], IssueFinalSchema),
  command(
    'appeal',
    'Appeal the final assessment within the window; collection is suspended',
    ['clearance-system'],
    AppealSchema,
  ),
  command(
    'appeal-decision',
    'Decide the appeal: upheld, partly upheld (with corrected findings) or dismissed',
    ['supervisor', 'administrator'],
    AppealDecisionSchema,
  ),
  {
    method: 'post',
    path: '/v1/audits/{id}/payments',
    tag: 'audits',
    summary: 'Confirm a payment of the audit debt (treasury), keyed by reference',
    description:
      'The same payment again answers as the first (`duplicate: true`) and counts once; another payment under a used reference is a 409.',
    roles: ['treasury'],
    params: AuditParams,
    body: AuditPaymentSchema,
    responses: {
      202: { description: 'payment accepted', schema: Paid },
      400: E400,
      401: E401,
      403: E403,
      404: E404,
      409: E409,
    },
  },
  command(
    'guarantee-charge',
    "Collect the debt from the trader's guarantee",
    ['clearance-system', 'auditor', 'supervisor'],
    ChargeGuaranteeSchema,
  ),
  {
    method: 'post',
    path: '/v1/audits/{id}/supervision/{action}',
    tag: 'audits',
    summary: 'Supervisor action on an audit: reassign the auditor, extend the pending deadline, escalate',
    description:
      'Recorded in the audit timeline with who and why; refused by the workflow (409) where it does not apply.',
    roles: ['supervisor'],
    params: SupervisionParams,
    body: SignalBodySchema,
    responses: {
      200: { description: 'the audit view after the action', schema: AuditViewSchema },
      400: E400,
      401: E401,
      403: E403,
      404: E404,
      409: E409,
    },
  },
];
