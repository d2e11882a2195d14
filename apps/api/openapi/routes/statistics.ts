import { z } from 'zod';
import { AuditFiguresSchema } from '../../statistics/audit-figures';
import {
  AuditStatisticsQuerySchema,
  ReleaseTimesQuerySchema,
  ReleaseTimesResponseSchema,
} from '../../statistics/statistics.schemas';
import { E400, E401, E403, type RouteDoc } from './common';

export const STATISTICS_ROUTES: RouteDoc[] = [
  {
    method: 'get',
    path: '/v1/statistics/release-times',
    tag: 'statistics',
    summary:
      'WCO Time Release Study figures: median and p90 per segment by office and channel, and channel rates',
    description:
      'Declarations lodged in [from, to) (default: the 30 days before now), in the caller scope. Segments: arrival -> lodgement, lodgement -> risk decision, risk decision -> release, lodgement -> release.',
    roles: ['supervisor', 'administrator'],
    query: ReleaseTimesQuerySchema,
    responses: {
      200: { description: 'figures', schema: ReleaseTimesResponseSchema },
      400: E400,
      401: E401,
      403: E403,
    },
  },
  {
    method: 'get',
    path: '/v1/statistics/audits',
    tag: 'statistics',
    summary:
      'Post-entry audits: opened and closed, yield (additional duty per audit), hit rate by selection source, release to final assessment',
    description:
      'Audits opened in [from, to) and audits closed in it (default: the 30 days before now), in the caller countries (or the one `country` names). Yield and amounts per currency, as decimal strings; hit rate: share of closed audits with adverse findings (additional duty or a penalty), per source (BLUE, HIT, RANDOM, MANUAL); release to final assessment in days, from the earliest release of the audited declarations.',
    roles: ['supervisor', 'administrator', 'auditor'],
    query: AuditStatisticsQuerySchema,
    responses: {
      200: {
        description: 'figures',
        schema: AuditFiguresSchema.extend({
          period: z.object({ from: z.string(), to: z.string() }),
          scope: z.object({ countries: z.array(z.string()) }),
        }),
      },
      400: E400,
      401: E401,
      403: E403,
    },
  },
];
