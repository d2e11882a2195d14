import { z } from 'zod';
import { durationMs } from '../../config/env';
import { AUDIT_VIOLATIONS, type AuditSettings } from '../../contracts/audit';

/**
 * What opening an audit needs from an administration's audit configuration: the settings the
 * workflow gets as input, the limitation period (a declaration released longer ago cannot be
 * reassessed) and the random sample's rate. One port, so the API and the worker's dispatcher read
 * the same values.
 */
export interface AuditPolicy {
  settings(country: string, office: string): AuditSettings;
  limitationMs(country: string): number;
  sampleRate(country: string): number;
}

const duration = z.string().regex(/^\d+(ms|s|m|h|d)$/, 'expected a duration such as 30s, 15m, 4h or 30d');
const decimal = z.string().regex(/^\d+(\.\d+)?$/, 'expected a decimal string such as "0.03"');
const PenaltyRule = z.object({ percentOfDifference: decimal.optional(), fixed: decimal.optional() });

/** One administration's audit settings; every field optional over the defaults. */
const AdministrationSchema = z.object({
  documentDeadline: duration.optional(),
  reminderLead: duration.optional(),
  extension: duration.optional(),
  commentsPeriod: duration.optional(),
  appealWindow: duration.optional(),
  sla: duration.optional(),
  interestPercentPerDay: decimal.optional(),
  penalties: z.partialRecord(z.enum(AUDIT_VIOLATIONS), PenaltyRule).optional(),
  /** A declaration released longer ago than this cannot be reassessed. */
  limitationPeriod: duration.optional(),
  /** Share of released declarations drawn for audit, 0..1. */
  sampleRate: z.number().min(0).max(1).optional(),
});
type Administration = z.infer<typeof AdministrationSchema>;

/**
 * `CLEARWAY_AUDIT_CONFIG`: JSON `{ "default": {...}, "countries": { "KG": {...} } }` over these
 * illustrative defaults (docs/audit-api.md); a country's entry overrides the default field by field.
 */
export const AuditConfigSchema = z.object({
  default: AdministrationSchema.default({}),
  countries: z.record(z.string().regex(/^[A-Z]{2}$/), AdministrationSchema).default({}),
});

const DEFAULTS: Required<Administration> = {
  documentDeadline: '30d',
  reminderLead: '7d',
  extension: '14d',
  commentsPeriod: '30d',
  appealWindow: '30d',
  sla: '60d',
  interestPercentPerDay: '0.03',
  penalties: {
    UNDERVALUATION: { percentOfDifference: '20' },
    MISCLASSIFICATION: { percentOfDifference: '10' },
  },
  limitationPeriod: '1095d',
  sampleRate: 0.01,
};

export function loadAuditPolicy(env: NodeJS.ProcessEnv = process.env): AuditPolicy {
  const raw = env.CLEARWAY_AUDIT_CONFIG;
  const cfg = AuditConfigSchema.parse(raw ? JSON.parse(raw) : {});
  const of = (country: string): Required<Administration> => ({
    ...DEFAULTS,
    ...cfg.default,
    ...(cfg.countries[country] ?? {}),
  });
  return {
    settings: (country) => {
      const a = of(country);
      return {
        documentDeadlineMs: durationMs(a.documentDeadline),
        reminderLeadMs: durationMs(a.reminderLead),
        extensionMs: durationMs(a.extension),
        commentsPeriodMs: durationMs(a.commentsPeriod),
        appealWindowMs: durationMs(a.appealWindow),
        slaMs: durationMs(a.sla),
        interestPercentPerDay: a.interestPercentPerDay,
        penalties: a.penalties,
      };
    },
    limitationMs: (country) => durationMs(of(country).limitationPeriod),
    sampleRate: (country) => of(country).sampleRate,
  };
}
