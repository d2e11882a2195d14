import { z } from 'zod';
import {
  BookInspectionSchema,
  JointControlParams,
  JointSignalParams,
  OpenJointControlSchema,
  RecordJointInspectionSchema,
  ReinspectionResultSchema,
  ReinspectionSchema,
} from '../../../../domain/schemas/joint-control';
import { SignalBodySchema } from '../../cases/cases.controller';
import { CaseViewSchema, E400, E401, E403, E404, E409, type RouteDoc } from './common';

const Side = z.object({ office: z.string(), country: z.string() });
const Decision = z.object({
  country: z.string(),
  office: z.string(),
  channel: z.string(),
  profileId: z.string(),
  profileVersion: z.number().int(),
  reasons: z.array(z.string()),
});
const JointControlViewSchema = CaseViewSchema.extend({
  border: z.string(),
  mrn: z.string(),
  exit: Side,
  entry: Side,
  decisions: z.object({ exit: Decision, entry: Decision }).optional(),
  channelReason: z.string().optional(),
  noStop: z.boolean().optional(),
  inspection: z.record(z.string(), z.unknown()).optional(),
  reinspection: z.record(z.string(), z.unknown()).optional(),
  movementCrossings: z.array(z.record(z.string(), z.unknown())),
}).describe(
  "The joint control: each side's risk decision and why, the channel that applies, the one inspection, the entry side's word, the crossings recorded on the movement.",
);

const command = (
  path: string,
  summary: string,
  body: z.ZodType | undefined,
  description: string,
): RouteDoc => ({
  method: 'post',
  path: `/v1/joint-controls/{border}/{mrn}/${path}`,
  tag: 'joint-controls',
  summary,
  description,
  roles: ['officer'],
  params: JointControlParams,
  ...(body ? { body } : {}),
  responses: {
    200: { description: 'the joint control after the command', schema: JointControlViewSchema },
    400: E400,
    401: E401,
    403: E403,
    404: E404,
    409: E409,
  },
});

export const JOINT_CONTROL_ROUTES: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/joint-controls',
    tag: 'joint-controls',
    summary:
      'A transit movement or an export arrived at a border post whose facing post is next on its route: the joint control starts',
    description:
      "An officer of either side of the pair. `office` is the exit post (400 when it has no facing office). A transit movement must be in transit with the exit post as its next crossing and the facing post right after it; an export declaration must be released and awaiting its exit, with `office` as its office of exit and the facing post's country as its country of destination (409 with the reason). The same movement and post again answer `duplicate: true`.",
    roles: ['officer'],
    body: OpenJointControlSchema,
    responses: {
      202: {
        description: 'started (or already open)',
        schema: z.object({
          border: z.string(),
          mrn: z.string(),
          state: z.string(),
          duplicate: z.boolean(),
          links: z.object({ self: z.string() }),
        }),
      },
      400: E400,
      401: E401,
      403: E403,
      404: E404,
      409: E409,
    },
  },
  {
    method: 'get',
    path: '/v1/joint-controls/{border}/{mrn}',
    tag: 'joint-controls',
    summary: 'The joint control of a movement at a border crossing',
    description: 'Officers, supervisors and administrators of either side of the pair; anyone else gets 404.',
    roles: ['officer', 'supervisor', 'administrator'],
    params: JointControlParams,
    responses: {
      200: { description: 'joint control view', schema: JointControlViewSchema },
      400: E400,
      401: E401,
      403: E403,
      404: E404,
    },
  },
  command(
    'inspection-booking',
    'Book the one joint inspection',
    BookInspectionSchema,
    'Either side; once per movement (a second booking is a 409).',
  ),
  command(
    'inspection-result',
    'Record the joint inspection result, with the officers of both sides',
    RecordJointInspectionSchema,
    'Either side; once. CONFORM confirms the exit (the crossing at the exit post is recorded on the movement); NON_CONFORM refuses it.',
  ),
  command(
    'entry-acceptance',
    'The entry side accepts entry on the joint result, without a second inspection',
    undefined,
    'Entry side only (409 for the exit side); records the crossing at the entry post on the movement.',
  ),
  command(
    'reinspection',
    'The entry side records a reason to inspect again',
    ReinspectionSchema,
    'Entry side only, after the exit is confirmed; the reason is kept in the timeline and sent to the exit side.',
  ),
  command(
    'reinspection-result',
    "Record the entry side's re-inspection result",
    ReinspectionResultSchema,
    'Entry side only. CONFORM accepts entry; NON_CONFORM refuses it.',
  ),
  {
    method: 'post',
    path: '/v1/joint-controls/{border}/{mrn}/signals/{signal}',
    tag: 'joint-controls',
    summary: 'Supervisor action: escalate, or retry a side decision that failed for good (mandatory reason)',
    description:
      'A supervisor of either side. `retry` runs again a risk decision that failed for good (a side without an active profile or selection key; the case is stuck, `step-failed` in its timeline); a refusal in the current state is a 409.',
    roles: ['supervisor'],
    params: JointSignalParams,
    body: SignalBodySchema.pick({ reason: true }),
    responses: {
      200: { description: 'the joint control after the action', schema: JointControlViewSchema },
      400: E400,
      401: E401,
      403: E403,
      404: E404,
      409: E409,
    },
  },
];
