import { z } from 'zod';
import {
  AlertIdSchema,
  AlertListQuerySchema,
  AlertResultSchema,
  RaiseAlertSchema,
} from '../../../../domain/schemas/alert';
import { CaseViewSchema, E400, E401, E403, E404, E409, type RouteDoc } from './common';

const AlertParams = z.object({ id: AlertIdSchema });
const AlertViewSchema = CaseViewSchema.extend({
  alertId: z.string(),
  country: z.string().describe('the raising administration'),
  subject: z.looseObject({ kind: z.string() }),
  severity: z.string(),
  channel: z.string().describe('the least a match is controlled with: RED for HIGH, YELLOW otherwise'),
  validUntil: z.string(),
  recipients: z.array(z.string()),
  matches: z.array(
    z.looseObject({ caseId: z.string(), mrn: z.string(), country: z.string(), via: z.string() }),
  ),
  hits: z.object({ controlled: z.number().int(), found: z.number().int(), rate: z.string() }),
}).describe('The alert: its subject, matches with their control results, and hit rate (docs/alerts.md).');

export const ALERT_ROUTES: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/alerts',
    tag: 'alerts',
    summary: 'Raise an intelligence alert (idempotent on the request)',
    description:
      'For the caller’s own administration only (403 otherwise). The alert finds the open declarations and transit movements carrying its subject, forces each to control (a movement is held at its next office until the result is in) and goes to the recipient administrations and the countries on the matches’ itineraries. It expires at validUntil.',
    roles: ['officer', 'supervisor', 'partner'],
    body: RaiseAlertSchema,
    responses: {
      202: {
        description: 'raised (or the same request again)',
        schema: z.object({
          alertId: z.string(),
          duplicate: z.boolean(),
          links: z.object({ self: z.string() }),
        }),
      },
      400: E400,
      401: E401,
      403: E403,
    },
  },
  {
    method: 'get',
    path: '/v1/alerts',
    tag: 'alerts',
    summary: 'The alerts raised by or sent to the caller’s administrations, newest first',
    roles: ['officer', 'supervisor', 'administrator', 'partner'],
    query: AlertListQuerySchema,
    responses: {
      200: {
        description: 'alerts',
        schema: z.object({ alerts: z.array(z.looseObject({ alertId: z.string() })) }),
      },
      400: E400,
      401: E401,
      403: E403,
    },
  },
  {
    method: 'get',
    path: '/v1/alerts/{id}',
    tag: 'alerts',
    summary: 'The alert view',
    description: 'Customs of the raising administration, of a recipient or of a match; 404 for anyone else.',
    roles: ['officer', 'supervisor', 'administrator', 'partner'],
    params: AlertParams,
    responses: {
      200: { description: 'alert view', schema: AlertViewSchema },
      400: E400,
      401: E401,
      403: E403,
      404: E404,
    },
  },
  {
    method: 'post',
    path: '/v1/alerts/{id}/results',
    tag: 'alerts',
    summary: 'Report the control result of a match',
    description:
      'By the administration that controls the match only (403 otherwise); once (409 after). A transit movement held by the alert is let go; a result of another administration goes to the raiser through the exchange.',
    roles: ['officer', 'supervisor', 'partner'],
    params: AlertParams,
    body: AlertResultSchema,
    responses: {
      200: { description: 'the alert view after the result', schema: AlertViewSchema },
      400: E400,
      401: E401,
      403: E403,
      404: E404,
      409: E409,
    },
  },
  {
    method: 'get',
    path: '/v1/statistics/alerts',
    tag: 'statistics',
    summary: 'Alerts per raising administration: raised, active, matches, controlled, found, hit rate',
    roles: ['supervisor', 'administrator'],
    responses: {
      200: {
        description: 'figures',
        schema: z.object({
          byCountry: z.array(
            z.object({
              country: z.string(),
              raised: z.number().int(),
              active: z.number().int(),
              matches: z.number().int(),
              controlled: z.number().int(),
              found: z.number().int(),
              hitRate: z.string(),
            }),
          ),
        }),
      },
      401: E401,
      403: E403,
    },
  },
];
