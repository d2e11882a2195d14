import { z } from 'zod';
import { CaseFiltersSchema } from '../../cases/case-query';
import {
  CaseRefSchema,
  LegalHoldSchema,
  SignalBodySchema,
  SignalRefSchema,
} from '../../cases/cases.controller';
import { CaseViewSchema, E400, E401, E403, E404, E409, Timeline, type RouteDoc } from './common';

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
const HistorySchema = z.object({
  caseId: z.string(),
  runId: z.string(),
  workflowType: z.string(),
  status: z.string(),
  timeline: Timeline,
  history: z
    .looseObject({ events: z.array(z.looseObject({})) })
    .describe('Temporal history as JSON (proto3 JSON mapping); of the last run when from the archive'),
  source: z
    .literal('archive')
    .optional()
    .describe('present when Temporal no longer has the case and it was read from the archive'),
  runs: z
    .array(z.looseObject({ runId: z.string(), history: z.looseObject({}) }))
    .optional()
    .describe('from the archive: every run of the case, across continue-as-new, oldest first'),
  archive: z
    .object({
      sha256: z.string(),
      verified: z.boolean().describe('the SHA-256 over the stored history and timeline checks out'),
      closedAt: z.string(),
      archivedAt: z.string(),
      legalHold: z.object({ reason: z.string(), placedBy: z.string(), placedAt: z.string() }).nullable(),
    })
    .optional(),
});
const LegalHold = z.object({ caseId: z.string(), legalHold: z.boolean(), reason: z.string().optional() });

export const CASE_ROUTES: RouteDoc[] = [
  {
    method: 'get',
    path: '/v1/cases',
    tag: 'cases',
    summary: 'Cases of every kind, filtered, paginated and scoped to the caller (Temporal visibility)',
    roles: ['supervisor', 'administrator'],
    query: CaseFiltersSchema,
    responses: {
      200: {
        description: 'a page of cases',
        schema: z.object({
          cases: z.array(CaseSummarySchema),
          nextPageToken: z.string().optional(),
          query: z.string(),
        }),
      },
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
    responses: {
      200: { description: 'case view', schema: CaseViewSchema },
      400: E400,
      401: E401,
      403: E403,
      404: E404,
    },
  },
  {
    method: 'get',
    path: '/v1/cases/{kind}/{id}/history',
    tag: 'cases',
    summary: 'Full Temporal event history plus the domain timeline (audit export)',
    roles: ['administrator'],
    params: CaseRefSchema,
    responses: {
      200: { description: 'history', schema: HistorySchema },
      400: E400,
      401: E401,
      403: E403,
      404: E404,
    },
  },
  {
    method: 'put',
    path: '/v1/cases/{kind}/{id}/legal-hold',
    tag: 'cases',
    summary: "Places a legal hold: the case's archive outlives the archive retention until lifted",
    roles: ['administrator'],
    params: CaseRefSchema,
    body: LegalHoldSchema,
    responses: {
      200: { description: 'hold placed', schema: LegalHold },
      400: E400,
      401: E401,
      403: E403,
      404: E404,
    },
  },
  {
    method: 'delete',
    path: '/v1/cases/{kind}/{id}/legal-hold',
    tag: 'cases',
    summary: 'Lifts a legal hold',
    roles: ['administrator'],
    params: CaseRefSchema,
    responses: {
      200: { description: 'hold lifted', schema: LegalHold },
      400: E400,
      401: E401,
      403: E403,
      404: E404,
    },
  },
  {
    method: 'post',
    path: '/v1/cases/{kind}/{id}/signals/{signal}',
    tag: 'cases',
    summary:
      'Supervisor action: release, escalate, reassign, extend-deadline, cancel, retry (mandatory reason)',
    description:
      'Validated by the workflow; a refusal in the current state is a 409. `reassign` needs `assignee`, `extend-deadline` needs `extendBy`; `retry` runs again a step that failed for good (a case of any kind stuck on a refused write, `step-failed` in its timeline).',
    roles: ['supervisor'],
    params: SignalRefSchema,
    body: SignalBodySchema,
    responses: {
      200: { description: 'the case view after the action', schema: CaseViewSchema },
      400: E400,
      401: E401,
      403: E403,
      404: E404,
      409: E409,
    },
  },
];
