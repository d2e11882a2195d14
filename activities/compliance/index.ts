import type { Pool, PoolClient } from 'pg';
import { dec, fmt, type DecimalString } from '../../domain/money';
import { recordAuditConfirmation, type RiskDecision, type RuleAuditStats } from '../../domain/risk';
import { inTransaction } from '../db/transaction';

/**
 * What a closed post-entry audit tells risk management (issue 14): the trader's compliance record
 * (`audit_outcomes`, migration 0900) and each risk rule's confirmed-hit rate from audits
 * (`risk_rule_stats.audit_*`). Written once per audit, keyed by its workflow id, by the pass over
 * closed audits in the read model (closed.ts); a second pass, or a retry, changes nothing.
 */
export interface AuditOutcomeRecord {
  /** Workflow id, `audit/<id>`. */
  auditId: string;
  /** The administration that audited. */
  country: string;
  traderTin: string;
  /** What selected the audit: BLUE, HIT (risk or intelligence hit after release), RANDOM, MANUAL. */
  source: string;
  /** The audited declarations, each with when it was released (ISO 8601) when known. */
  declarations: { mrn: string; releasedAt?: string }[];
  /** Findings recorded in the final assessment (after an appeal, as decided). */
  findings: number;
  currency: string;
  /** Totals of the final assessment (after an appeal, as decided), decimal strings. */
  additionalDuty: DecimalString;
  refund: DecimalString;
  interest: DecimalString;
  penalty: DecimalString;
  /** Document requests answered after their deadline, or never (timeliness). */
  documentsLate: number;
  openedAt: string;
  finalAssessedAt?: string;
  closedAt: string;
}

/**
 * Adverse: the audit found money owed (additional duty or a penalty). A finding that only corrects
 * data or refunds the trader is no mark against it.
 */
export function isAdverse(o: Pick<AuditOutcomeRecord, 'additionalDuty' | 'penalty'>): boolean {
  return dec(o.additionalDuty).gt(0) || dec(o.penalty).gt(0);
}

/** The risk decision that routed a declaration: its last risk round (`declaration/<MRN>/risk/<n>`). */
async function lastRiskDecision(c: PoolClient, mrn: string): Promise<RiskDecision | undefined> {
  const { rows } = await c.query<{ decision: RiskDecision }>(
    `SELECT decision FROM risk_decisions WHERE event_key LIKE $1
      ORDER BY split_part(event_key, '/', 4)::int DESC LIMIT 1`,
    [`declaration/${mrn}/risk/%`],
  );
  return rows[0]?.decision;
}

async function confirmRuleHits(c: PoolClient, decision: RiskDecision, confirmed: boolean): Promise<void> {
  const ruleIds = [...new Set(decision.hits.map((h) => h.ruleId))].sort();
  if (ruleIds.length === 0) return;
  // Rows locked in one order, as the control outcomes do (activities/risk/pg-source.ts): no deadlock.
  for (const id of ruleIds)
    await c.query('INSERT INTO risk_rule_stats (profile_id, rule_id) VALUES ($1,$2) ON CONFLICT DO NOTHING', [
      decision.profileId,
      id,
    ]);
  const { rows } = await c.query<{
    rule_id: string;
    audits: number;
    audit_confirmed: number;
    audit_hit_rate: number;
  }>(
    `SELECT rule_id, audits, audit_confirmed, audit_hit_rate FROM risk_rule_stats
      WHERE profile_id = $1 AND rule_id = ANY($2::text[]) ORDER BY rule_id FOR UPDATE`,
    [decision.profileId, ruleIds],
  );
  const before: Record<string, RuleAuditStats> = Object.fromEntries(
    rows.map((r) => [
      r.rule_id,
      { audits: r.audits, confirmed: r.audit_confirmed, hitRate: r.audit_hit_rate },
    ]),
  );
  for (const [ruleId, s] of Object.entries(recordAuditConfirmation(before, ruleIds, confirmed)))
    await c.query(
      `UPDATE risk_rule_stats SET audits = $3, audit_confirmed = $4, audit_hit_rate = $5, updated_at = now()
        WHERE profile_id = $1 AND rule_id = $2`,
      [decision.profileId, ruleId, s.audits, s.confirmed, s.hitRate],
    );
}

/** Writes the outcome once: the compliance row, then the rule figures, in one transaction. */
export async function recordAuditOutcome(pool: Pool, o: AuditOutcomeRecord): Promise<'recorded' | 'already'> {
  const adverse = isAdverse(o);
  const released = o.declarations
    .map((d) => d.releasedAt)
    .filter((t): t is string => !!t)
    .sort()[0];
  return inTransaction(pool, async (c) => {
    const kept = await c.query(
      `INSERT INTO audit_outcomes (audit_id, country, trader_tin, source, declarations, findings, adverse, currency,
         additional_duty, refund, interest, penalty, documents_late, released_at, opened_at, final_assessed_at, closed_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17) ON CONFLICT (audit_id) DO NOTHING`,
      [
        o.auditId,
        o.country,
        o.traderTin,
        o.source,
        o.declarations.map((d) => d.mrn),
        o.findings,
        adverse,
        o.currency,
        fmt(dec(o.additionalDuty)),
        fmt(dec(o.refund)),
        fmt(dec(o.interest)),
        fmt(dec(o.penalty)),
        o.documentsLate,
        released ?? null,
        o.openedAt,
        o.finalAssessedAt ?? null,
        o.closedAt,
      ],
    );
    if ((kept.rowCount ?? 0) === 0) return 'already';
    for (const d of o.declarations) {
      const decision = await lastRiskDecision(c, d.mrn);
      if (decision) await confirmRuleHits(c, decision, adverse);
    }
    return 'recorded';
  });
}
