import { z } from 'zod';
import { RiskProfileSchema } from '../../../../domain/risk';
import { E400, E401, E403, E404, err, type RouteDoc } from './common';

// The risk profile controller takes its id as is (an unknown id is a 404).
const RiskProfileParamsSchema = z.object({ id: z.string().describe('risk profile id') });
// The risk profile schema is recursive (nested conditions): document.ts hoists its `$defs` into components.
const RiskProfileBody = RiskProfileSchema;
const RiskProfileStoredSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  country: z.string().nullable(),
  rules: z.number().int(),
  stored: z.boolean(),
});
const RiskProfileViewSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  versions: z.array(z.object({ version: z.number().int(), createdAt: z.string(), createdBy: z.string() })),
  document: z.looseObject({}).describe('the latest version, as stored'),
  statistics: z
    .record(
      z.string(),
      z.object({ hits: z.number(), controls: z.number(), nonConform: z.number(), hitRate: z.number() }),
    )
    .describe('per rule id'),
});

export const RISK_PROFILE_ROUTES: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/risk-profiles',
    tag: 'risk-profiles',
    summary: 'Store a new risk profile version (validated; versions are immutable)',
    description:
      'A new version becomes the active profile of its country for declarations assessed from then on.',
    roles: ['administrator'],
    body: RiskProfileBody,
    responses: {
      201: { description: 'stored', schema: RiskProfileStoredSchema },
      200: { description: 'the same version again, unchanged', schema: RiskProfileStoredSchema },
      400: E400,
      401: E401,
      403: E403,
      409: err('the same id and version exist with other content: store a new version'),
    },
  },
  {
    method: 'get',
    path: '/v1/risk-profiles/{id}',
    tag: 'risk-profiles',
    summary: 'Latest version of a risk profile, its versions and the hit-rate statistics of its rules',
    roles: ['administrator', 'supervisor'],
    params: RiskProfileParamsSchema,
    responses: {
      200: { description: 'profile', schema: RiskProfileViewSchema },
      401: E401,
      403: E403,
      404: E404,
    },
  },
];
