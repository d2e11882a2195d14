import type { Pool } from 'pg';
import type { AuditProjectionDetails } from '../../contracts/audit';
import { dec, fmt } from '../../domain/money';
import { recordAuditOutcome, type AuditOutcomeRecord } from './index';

/**
 * The compliance record from the read model: an audit's row (kind `audit`, written by the audit
 * workflow's projection) carries its outcome once it closed (contracts/audit.ts,
 * AuditProjectionDetails). A pass beside the worker records each closed audit once, so the feedback
 * to risk needs nothing in the audit workflow's history.
 */
export function outcomeFromProjection(row: {
  case_id: string;
  country: string;
  declarant: string;
  created_at: Date;
  view: AuditProjectionDetails;
}): AuditOutcomeRecord {
  const v = row.view;
  const difference = dec(v.difference ?? '0');
  return {
    auditId: row.case_id,
    country: row.country,
    traderTin: row.declarant,
    source: v.source,
    declarations: v.declarations.map((mrn, i) => (i === 0 ? { mrn, releasedAt: v.releasedAt } : { mrn })),
    findings: v.findings,
    currency: v.currency,
    additionalDuty: fmt(difference.gt(0) ? difference : dec('0')),
    refund: fmt(difference.lt(0) ? difference.neg() : dec('0')),
    interest: v.interest ?? '0',
    penalty: v.penalties ?? '0',
    documentsLate: v.documentsLate,
    openedAt: row.created_at.toISOString(),
    ...(v.finalAt ? { finalAssessedAt: v.finalAt } : {}),
    closedAt: v.closedAt!,
  };
}

/** One pass: every closed audit of the read model without a compliance row gets one. */
export async function recordClosedAuditsOnce(pool: Pool, batch = 100): Promise<number> {
  const { rows } = await pool.query<{
    case_id: string;
    country: string;
    declarant: string;
    created_at: Date;
    view: AuditProjectionDetails;
  }>(
    `SELECT c.case_id, c.country, c.declarant, c.created_at, c.view FROM cases c
      WHERE c.kind = 'audit' AND c.state = 'CLOSED' AND c.view ? 'closedAt'
        AND NOT EXISTS (SELECT 1 FROM audit_outcomes o WHERE o.audit_id = c.case_id)
      ORDER BY c.updated_at LIMIT $1`,
    [batch],
  );
  let recorded = 0;
  for (const r of rows)
    if ((await recordAuditOutcome(pool, outcomeFromProjection(r))) === 'recorded') recorded++;
  return recorded;
}
