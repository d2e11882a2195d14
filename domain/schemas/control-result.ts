import { z } from 'zod';
import { cleanSoFar, IsoDateTime, issue, OfficeCode, Text } from './common';

/**
 * Result of a documentary check or physical examination recorded by an officer (the
 * `recordControlResult` update of the declaration and transit workflows; IE060/IE044-like).
 */
export const ControlTypeSchema = z.enum(['DOCUMENTARY', 'PHYSICAL', 'SCANNER', 'JOINT']);
export const ControlOutcomeSchema = z.enum(['CONFORM', 'CONFORM_WITH_CORRECTIONS', 'NON_CONFORM']);
export type ControlOutcome = z.infer<typeof ControlOutcomeSchema>;

export const ControlFindingSchema = z.object({
  /** Goods item concerned; absent for header-level findings. */
  itemSeq: z.number().int().positive().optional(),
  /** Declaration field path, e.g. items[1].hsCode, transport.seals. */
  field: Text(140),
  declared: Text(512, { lines: true }).optional(),
  found: Text(512, { lines: true }),
  remark: Text(512, { lines: true }).optional(),
});

export const ControlResultObjectSchema = z.object({
  office: OfficeCode,
  officerId: Text(35),
  controlType: ControlTypeSchema,
  outcome: ControlOutcomeSchema,
  findings: z.array(ControlFindingSchema).default([]),
  /** Seals found intact (transit) or newly affixed. */
  sealsIntact: z.boolean().optional(),
  newSeals: z.array(Text(20)).optional(),
  remarks: Text(2000, { lines: true }).optional(),
  completedAt: IsoDateTime,
});

export const ControlResultSchema = ControlResultObjectSchema.superRefine(
  (r, ctx) => {
    if (r.outcome !== 'CONFORM' && r.findings.length === 0) {
      issue(ctx, 'required', `a ${r.outcome} result needs at least one finding`, ['findings']);
    }
  },
  { when: cleanSoFar },
);
export type ControlResult = z.infer<typeof ControlResultSchema>;
export type ControlResultInput = z.input<typeof ControlResultSchema>;
