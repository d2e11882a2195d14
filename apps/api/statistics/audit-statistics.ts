import type { Pool } from 'pg';
import type { Principal } from '../auth/tokens';
import { auditFigures, type ClosedAudit } from './audit-figures';
import { periodOf, type AuditStatisticsQuery } from './statistics.schemas';

interface OutcomeRow {
  source: string;
  adverse: boolean;
  currency: string;
  additional_duty: string;
  interest: string;
  penalty: string;
  released_at: Date | null;
  final_assessed_at: Date | null;
}

/**
 * `GET /v1/statistics/audits`: audits opened in the period (the read model's audit cases, by their
 * selection source) and closed in it (`audit_outcomes`), in the caller's countries. Amounts come out
 * of PostgreSQL as numeric text and stay decimal strings.
 */
export async function auditStatistics(
  pool: Pool,
  q: AuditStatisticsQuery,
  principal: Principal,
  now = new Date(),
) {
  const { from, to } = periodOf(q, now);
  const countries = q.country ? principal.countries.filter((c) => c === q.country) : principal.countries;
  const period = [countries, from.toISOString(), to.toISOString()];
  const opened = await pool.query<{ source: string }>(
    `SELECT COALESCE(view ->> 'source', 'UNKNOWN') AS source FROM cases
      WHERE kind = 'audit' AND country = ANY($1::text[]) AND created_at >= $2::timestamptz AND created_at < $3::timestamptz`,
    period,
  );
  const closed = await pool.query<OutcomeRow>(
    `SELECT source, adverse, currency, additional_duty::text, interest::text, penalty::text, released_at, final_assessed_at
       FROM audit_outcomes
      WHERE country = ANY($1::text[]) AND closed_at >= $2::timestamptz AND closed_at < $3::timestamptz`,
    period,
  );
  const outcomes: ClosedAudit[] = closed.rows.map((r) => ({
    source: r.source,
    adverse: r.adverse,
    currency: r.currency,
    additionalDuty: r.additional_duty,
    interest: r.interest,
    penalty: r.penalty,
    releasedAt: r.released_at,
    finalAssessedAt: r.final_assessed_at,
  }));
  return {
    period: { from: from.toISOString(), to: to.toISOString() },
    scope: { countries },
    ...auditFigures(opened.rows, outcomes),
  };
}
