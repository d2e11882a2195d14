import { z } from 'zod';
import { ReplayRequestSchema } from '../../admin/admin.controller';
import { E400, E401, E403, E404, type RouteDoc } from './common';

const ReplayReportSchema = z.looseObject({
  replayed: z.number().int(),
  identical: z.number().int(),
  diverged: z.array(z.looseObject({ workflowId: z.string() })),
  workflowIds: z.array(z.string()),
});

export const ADMIN_ROUTES: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/admin/replay',
    tag: 'admin',
    summary: 'Replay case histories with the current workflow code (ids or a visibility query)',
    roles: ['administrator'],
    body: ReplayRequestSchema,
    responses: {
      200: { description: 'replay report', schema: ReplayReportSchema },
      400: E400,
      401: E401,
      403: E403,
      404: E404,
    },
  },
];
