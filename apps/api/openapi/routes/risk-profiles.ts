import { z } from 'zod';
import { RISK_PROFILE_STATUSES, RiskProfileApprovalSchema, RiskProfileSchema } from '../../../../domain/risk';
import { RiskProfileVersionParamsSchema } from '../../risk-profiles/risk-profiles.controller';
import { E400, E401, E403, E404, err, type RouteDoc } from './common';

// The risk profile controller takes its id as is (an unknown id, or one of another country, is a 404).
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
const VersionSchema = z.object({
  version: z.number().int(),
  status: z
    .enum(RISK_PROFILE_STATUSES)
    .describe(
      'proposed: awaits a second administrator; approved: takes effect at activeFrom; active: in force for its country now; superseded: replaced, or a proposal overtaken by a later approved version',
    ),
  proposedBy: z.string(),
  proposedAt: z.string(),
  approvedBy: z.string().nullable().describe('`system` for the seeded demo profiles'),
  approvedAt: z.string().nullable(),
  activeFrom: z.string().nullable(),
});
const VersionsSchema = z.object({
  id: z.string(),
  country: z.string().nullable().describe('the administration the profile belongs to (null: fallback)'),
  versions: z.array(VersionSchema).describe('newest first'),
});
const RiskProfileViewSchema = VersionsSchema.extend({
  version: z.number().int(),
  document: z.looseObject({}).describe('the latest version, as stored'),
  statistics: z
    .record(
      z.string(),
      z.object({
        hits: z.number(),
        controls: z.number(),
        nonConform: z.number(),
        hitRate: z.number(),
        audits: z
          .object({ audits: z.number(), confirmed: z.number(), hitRate: z.number() })
          .describe('closed post-entry audits of declarations the rule hit; confirmed: money was owed'),
      }),
    )
    .describe('per rule id'),
});

export const RISK_PROFILE_ROUTES: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/risk-profiles',
    tag: 'risk-profiles',
    summary: 'Propose a new risk profile version (validated; versions are immutable)',
    description:
      "Only an administrator of the profile's country may propose it; the version takes effect once a second administrator of that country approves it. Regular expressions must compile on RE2 (no lookaround, no backreferences).",
    roles: ['administrator'],
    body: RiskProfileBody,
    responses: {
      201: { description: 'proposed', schema: RiskProfileStoredSchema },
      200: { description: 'the same version again, unchanged', schema: RiskProfileStoredSchema },
      400: E400,
      401: E401,
      403: err("the profile's country is not one of the caller's"),
      409: err('the same id and version exist with other content, or the id belongs to another country'),
    },
  },
  {
    method: 'post',
    path: '/v1/risk-profiles/{id}/versions/{version}/approval',
    tag: 'risk-profiles',
    summary: 'Approve a proposed version (four eyes), stating when it takes effect',
    description:
      'By an administrator of the profile country other than the proposer. `activeFrom` must not be in the past; absent, the version takes effect at once. The version in force for a country at time t is its latest approved version with activeFrom <= t.',
    roles: ['administrator'],
    params: RiskProfileVersionParamsSchema,
    body: RiskProfileApprovalSchema,
    responses: {
      200: {
        description: 'approved (or the same approval again)',
        schema: VersionSchema.extend({ id: z.string(), country: z.string() }),
      },
      400: E400,
      401: E401,
      403: err('the caller proposed this version (four eyes)'),
      404: E404,
      409: err('already approved by someone else, or a later version is already approved'),
    },
  },
  {
    method: 'get',
    path: '/v1/risk-profiles/{id}/versions',
    tag: 'risk-profiles',
    summary: 'Versions of a risk profile with their status, who proposed and approved them, and when',
    roles: ['administrator', 'supervisor'],
    params: RiskProfileParamsSchema,
    responses: { 200: { description: 'versions', schema: VersionsSchema }, 401: E401, 403: E403, 404: E404 },
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
