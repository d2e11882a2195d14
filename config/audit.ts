import { z } from 'zod';
import {
  AUDIT_VIOLATIONS,
  AUDIT_WAITING_STATES,
  type AuditSettings,
  type AuditWaitingState,
} from '../contracts/audit';
import { durationMs } from './env';

export type { AuditSettings } from '../contracts/audit';

/**
 * Post-entry audit settings per administration (docs/audit.md): the limitation period and sampling
 * rate the API applies at selection, and the durations, interest rate and penalties it resolves into
 * the workflow's input (`AuditSettings`): workflow code never reads configuration. Durations as `30s`,
 * `15m`, `4h`, `30d`; rates and amounts as decimal strings. `CLEARWAY_AUDIT_CONFIG` may hold a JSON
 * object overriding any of them: `default` for every administration, `countries.<CC>` for one,
 * field by field. The defaults are illustrative, not any administration's law.
 */
const duration = z.string().regex(/^\d+(ms|s|m|h|d)$/, 'expected a duration such as 30s, 15m, 4h or 30d');
const decimal = z.string().regex(/^\d+(\.\d+)?$/, 'expected a decimal string such as "0.03"');
const Penalty = z.object({ percentOfDifference: decimal.optional(), fixed: decimal.optional() });

const Administration = z.object({
  /** A declaration released longer ago than this cannot be audited (reassessed). */
  limitationPeriod: duration,
  /** Share of released declarations drawn for a random audit, 0..1 (decimal string). */
  samplingRate: decimal.refine((v) => Number(v) <= 1, 'a share between 0 and 1'),
  documentDeadline: duration,
  reminderLead: duration,
  extension: duration,
  commentsPeriod: duration,
  appealWindow: duration,
  /** SLA of a waiting state without its own entry in `sla`. */
  slaDefault: duration,
  sla: z.partialRecord(z.enum(AUDIT_WAITING_STATES), duration),
  /** Late-payment interest, percent per day. */
  interestPercentPerDay: decimal,
  penalties: z.partialRecord(z.enum(AUDIT_VIOLATIONS), Penalty),
});
export type AuditAdministrationConfig = z.infer<typeof Administration>;

export const AUDIT_DEFAULTS: AuditAdministrationConfig = {
  limitationPeriod: '1095d',
  samplingRate: '0.01',
  documentDeadline: '30d',
  reminderLead: '7d',
  extension: '14d',
  commentsPeriod: '30d',
  appealWindow: '30d',
  slaDefault: '30d',
  sla: { NOTICE_SENT: '10d', UNDER_REVIEW: '60d', APPEALED: '60d', AWAITING_PAYMENT: '30d' },
  interestPercentPerDay: '0.03',
  penalties: {
    UNDERVALUATION: { percentOfDifference: '20' },
    MISCLASSIFICATION: { percentOfDifference: '10' },
    ORIGIN: { percentOfDifference: '20' },
    PREFERENCE: { percentOfDifference: '20' },
    QUANTITY: { percentOfDifference: '10' },
    NO_DOCUMENTS: { fixed: '50000.00' },
  },
};

export const AuditConfigSchema = z.object({
  default: Administration.partial().default({}),
  countries: z.record(z.string().regex(/^[A-Z]{2}$/), Administration.partial()).default({}),
});
export type AuditConfig = z.infer<typeof AuditConfigSchema>;

export function loadAuditConfig(env: NodeJS.ProcessEnv = process.env): AuditConfig {
  const raw = env.CLEARWAY_AUDIT_CONFIG;
  return AuditConfigSchema.parse(raw ? JSON.parse(raw) : {});
}

/** One administration's settings: its own entries, then the configured default, then the built-in one. */
export function auditAdministration(cfg: AuditConfig, country: string): AuditAdministrationConfig {
  return { ...AUDIT_DEFAULTS, ...cfg.default, ...cfg.countries[country] };
}

export function auditSettings(cfg: AuditConfig, country: string): AuditSettings {
  const a = auditAdministration(cfg, country);
  const sla: Partial<Record<AuditWaitingState, number>> = {};
  for (const [state, d] of Object.entries(a.sla)) if (d) sla[state as AuditWaitingState] = durationMs(d);
  return {
    documentDeadlineMs: durationMs(a.documentDeadline),
    reminderLeadMs: durationMs(a.reminderLead),
    extensionMs: durationMs(a.extension),
    commentsPeriodMs: durationMs(a.commentsPeriod),
    appealWindowMs: durationMs(a.appealWindow),
    slaMs: durationMs(a.slaDefault),
    slaByStateMs: sla,
    interestPercentPerDay: a.interestPercentPerDay,
    penalties: a.penalties,
  };
}

/** The limitation period in milliseconds: the API refuses an audit of a declaration released before it. */
export const limitationPeriodMs = (cfg: AuditConfig, country: string): number =>
  durationMs(auditAdministration(cfg, country).limitationPeriod);
