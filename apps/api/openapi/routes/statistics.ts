import { ReleaseTimesQuerySchema, ReleaseTimesResponseSchema } from '../../statistics/statistics.schemas';
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
];
