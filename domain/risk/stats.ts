import { z } from 'zod';

/**
 * Rule hit-rate statistics. A rule's "hit rate" is the share of controls of declarations it hit
 * that found the goods non-conform: nonConform / controls (0 before the first control). `hits`
 * counts declarations the rule hit (once per declaration, however many items matched).
 * Pure updates: each function returns a new object and leaves its input untouched.
 */
export const RuleStatsSchema = z.strictObject({
  hits: z.number().int().min(0),
  controls: z.number().int().min(0),
  nonConform: z.number().int().min(0),
  hitRate: z.number().min(0).max(1),
});
export type RuleStats = z.infer<typeof RuleStatsSchema>;

export const RiskRuleStatisticsSchema = z.record(z.string(), RuleStatsSchema);
export type RiskRuleStatistics = z.infer<typeof RiskRuleStatisticsSchema>;

/**
 * Result of a documentary or physical control, as far as hit rates care: the outcomes of
 * domain/schemas/control-result.ts plus REFUSED (release refused). Everything but CONFORM
 * (corrections, non-conformity, refusal) counts as a finding for the rules behind the decision.
 */
export const RuleControlOutcomeSchema = z.enum([
  'CONFORM',
  'CONFORM_WITH_CORRECTIONS',
  'NON_CONFORM',
  'REFUSED',
]);
export type RuleControlOutcome = z.infer<typeof RuleControlOutcomeSchema>;

const EMPTY: RuleStats = { hits: 0, controls: 0, nonConform: 0, hitRate: 0 };

function distinct(ruleIds: readonly string[]): string[] {
  return [...new Set(ruleIds)];
}

/** Counts one hit for each distinct rule id (call once per risk decision with its hits' rule ids). */
export function recordRuleHits(stats: RiskRuleStatistics, ruleIds: readonly string[]): RiskRuleStatistics {
  const next: RiskRuleStatistics = { ...stats };
  for (const id of distinct(ruleIds)) {
    const s = next[id] ?? EMPTY;
    next[id] = { ...s, hits: s.hits + 1 };
  }
  return next;
}

/** Records one control outcome for each distinct rule that hit the controlled declaration. */
export function recordControlOutcome(
  stats: RiskRuleStatistics,
  ruleIds: readonly string[],
  outcome: RuleControlOutcome,
): RiskRuleStatistics {
  const finding = outcome !== 'CONFORM';
  const next: RiskRuleStatistics = { ...stats };
  for (const id of distinct(ruleIds)) {
    const s = next[id] ?? EMPTY;
    const controls = s.controls + 1;
    const nonConform = s.nonConform + (finding ? 1 : 0);
    next[id] = { hits: s.hits, controls, nonConform, hitRate: nonConform / controls };
  }
  return next;
}

/**
 * A rule's record from closed post-entry audits: of the audited declarations it hit, how many the
 * audit confirmed (adverse findings). Kept beside the control figures, not mixed into them: an audit
 * looks months later, with the trader's books, at what a control looked at on the day.
 */
export interface RuleAuditStats {
  audits: number;
  confirmed: number;
  hitRate: number;
}

const NO_AUDITS: RuleAuditStats = { audits: 0, confirmed: 0, hitRate: 0 };

/** Records one closed audit for each distinct rule that hit the audited declaration. */
export function recordAuditConfirmation(
  stats: Readonly<Record<string, RuleAuditStats>>,
  ruleIds: readonly string[],
  confirmed: boolean,
): Record<string, RuleAuditStats> {
  const next: Record<string, RuleAuditStats> = { ...stats };
  for (const id of distinct(ruleIds)) {
    const s = next[id] ?? NO_AUDITS;
    const audits = s.audits + 1;
    const c = s.confirmed + (confirmed ? 1 : 0);
    next[id] = { audits, confirmed: c, hitRate: c / audits };
  }
  return next;
}
