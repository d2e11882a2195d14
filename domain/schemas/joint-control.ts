import { z } from 'zod';
import { IsoDateTime, OfficeCode, CountryCode, Text } from './common';
import { MrnSchema } from './audit';

/**
 * Joint control at the door (docs/joint-control.md; contracts/joint-control.ts): every payload the
 * joint-control routes take, parsed once. The acting officer and country come from the token.
 */

/** The movement has arrived at the exit post `office`; its facing post must be next on its route. */
export const OpenJointControlSchema = z.strictObject({
  mrn: MrnSchema,
  office: OfficeCode,
});

export const JointControlParams = z.object({
  border: z.string().regex(/^[A-Z0-9-]{2,40}$/, 'a border crossing name such as KHORGOS'),
  mrn: MrnSchema,
});

/** A supervisor's action on a joint control: escalate, or retry a side decision that failed for good. */
export const JointSignalParams = JointControlParams.extend({ signal: z.enum(['escalate', 'retry']) });

export const BookInspectionSchema = z.strictObject({ slot: IsoDateTime });

const Result = z.enum(['CONFORM', 'NON_CONFORM']);

export const RecordJointInspectionSchema = z.strictObject({
  result: Result,
  /** The officers who inspected, of both sides. */
  officers: z
    .array(z.strictObject({ country: CountryCode, officer: Text(70) }))
    .min(2, { error: 'a joint inspection records officers of both sides' })
    .max(20),
  sealsIntact: z.boolean(),
  findings: Text(1000, { lines: true }).optional(),
});

export const ReinspectionSchema = z.strictObject({
  reason: Text(1000, { lines: true }).min(3, { error: 'give the reason to inspect again' }),
});

export const ReinspectionResultSchema = z.strictObject({
  result: Result,
  findings: Text(1000, { lines: true }).optional(),
});
