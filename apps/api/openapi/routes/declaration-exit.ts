import { z } from 'zod';
import { ExitConfirmationSchema } from '../../../../domain/schemas/declaration-exit';
import { E400, E401, E404, E409, Mrn, MrnParamsSchema, err, type RouteDoc } from './common';

const ExitSchema = z
  .object({
    office: z.string(),
    deadline: z.string(),
    confirmedAt: z.string().optional(),
    by: z.string().optional(),
    via: z.enum(['office', 'joint-control']).optional(),
    jointControl: z.string().optional(),
    notConfirmedAt: z.string().optional(),
  })
  .describe(
    "The export's exit at its office of exit: awaited until `deadline`, confirmed, or not confirmed.",
  );

export const DECLARATION_EXIT_ROUTES: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/declarations/{mrn}/exit-confirmation',
    tag: 'declarations',
    summary: 'Export exit confirmed at the office of exit',
    description:
      'An officer of `office` (403 otherwise) confirms that the goods of a released export left. The case is visible to officers of its office of declaration and of its office of exit (404 to anyone else). Refused with a 409 and the reason when the declaration is not an export, not released, its exit already confirmed or its deadline passed, or `office` is not its office of exit. The same office confirming again answers `duplicate: true`. A joint control at facing posts confirms it the same way (`via: joint-control`).',
    roles: ['officer'],
    params: MrnParamsSchema,
    body: ExitConfirmationSchema,
    responses: {
      200: {
        description: 'the exit as recorded',
        schema: z.object({
          mrn: Mrn,
          exit: ExitSchema,
          duplicate: z.boolean(),
          links: z.object({ self: z.string() }),
        }),
      },
      400: E400,
      401: E401,
      403: err('not an officer, or `office` outside your scope'),
      404: E404,
      409: E409,
    },
  },
];
