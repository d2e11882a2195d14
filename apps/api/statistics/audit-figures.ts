import { z } from 'zod';
import { Dec, fmt } from '../../../domain/money';
import { percentile } from './release-times';

/**
 * Post-entry audit figures (issue 14), from the audits' read-model rows and their closed outcomes
 * (`audit_outcomes`, written when an audit closes). Pure: the service reads the rows and hands them
 * here.
 *
 * - opened: audits opened in the period; closed: audits closed in the period.
 * - yield: additional duty assessed per closed audit, per currency (each administration its own).
 * - hit rate by selection source: the share of closed audits with adverse findings, per source
 *   (BLUE channel, hit after release, random sample, opened by hand).
 * - release to final assessment: from the earliest release of the audited declarations to the final
 *   assessment, median and p90 in days, over the audits closed in the period.
 */
export interface ClosedAudit {
  source: string;
  adverse: boolean;
  currency: string;
  additionalDuty: string;
  interest: string;
  penalty: string;
  releasedAt: Date | null;
  finalAssessedAt: Date | null;
}

const DAY_S = 86_400;

const SourceFigures = z.object({
  closed: z.number().int(),
  adverse: z.number().int(),
  hitRate: z.number().min(0).max(1),
});
const YieldFigures = z.object({
  currency: z.string(),
  closed: z.number().int(),
  additionalDuty: z.string().describe('total additional duty assessed, decimal'),
  interest: z.string(),
  penalty: z.string(),
  perAudit: z.string().describe('additional duty per closed audit, decimal'),
});

export const AuditFiguresSchema = z.object({
  opened: z.number().int(),
  openedBySource: z.record(z.string(), z.number().int()),
  closed: z.number().int(),
  yield: z.array(YieldFigures),
  hitRateBySource: z.record(z.string(), SourceFigures),
  releaseToFinalAssessment: z.object({
    count: z.number().int(),
    medianDays: z.number().nullable(),
    p90Days: z.number().nullable(),
  }),
});
export type AuditFigures = z.infer<typeof AuditFiguresSchema>;

export function auditFigures(
  opened: readonly { source: string }[],
  closed: readonly ClosedAudit[],
): AuditFigures {
  const openedBySource: Record<string, number> = {};
  for (const o of opened) openedBySource[o.source] = (openedBySource[o.source] ?? 0) + 1;

  const byCurrency = new Map<string, ClosedAudit[]>();
  for (const c of closed) byCurrency.set(c.currency, [...(byCurrency.get(c.currency) ?? []), c]);
  const total = (cs: readonly ClosedAudit[], k: 'additionalDuty' | 'interest' | 'penalty') =>
    cs.reduce((acc, c) => acc.plus(c[k]), new Dec(0));
  const yieldFigures = [...byCurrency.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, cs]) => ({
      currency,
      closed: cs.length,
      additionalDuty: fmt(total(cs, 'additionalDuty')),
      interest: fmt(total(cs, 'interest')),
      penalty: fmt(total(cs, 'penalty')),
      perAudit: fmt(total(cs, 'additionalDuty').div(cs.length)),
    }));

  const hitRateBySource: AuditFigures['hitRateBySource'] = {};
  for (const c of closed) {
    const s = hitRateBySource[c.source] ?? { closed: 0, adverse: 0, hitRate: 0 };
    const adverse = s.adverse + (c.adverse ? 1 : 0);
    hitRateBySource[c.source] = { closed: s.closed + 1, adverse, hitRate: adverse / (s.closed + 1) };
  }

  const days = closed
    .filter((c) => c.releasedAt && c.finalAssessedAt && c.finalAssessedAt >= c.releasedAt)
    .map((c) => (c.finalAssessedAt!.getTime() - c.releasedAt!.getTime()) / 1000 / DAY_S);
  return {
    opened: opened.length,
    openedBySource,
    closed: closed.length,
    yield: yieldFigures,
    hitRateBySource,
    releaseToFinalAssessment: {
      count: days.length,
      medianDays: percentile(days, 0.5),
      p90Days: percentile(days, 0.9),
    },
  };
}
