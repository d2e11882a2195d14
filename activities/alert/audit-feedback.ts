import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { AuditProjectionDetails } from '../../contracts/audit';
import type { CaseProjection } from '../../contracts/projection';
import { auditResultOf } from '../../domain/alert/audit-result';
import { auditIdOf } from '../selection/ids';
import { intelligenceHitsOf, sendAlertResult } from './feedback';

/**
 * A match found after release: the declaration asked for a post-entry audit (one per alert, its
 * message id `<caseId>/audit/<alertId>`, workflows/declaration/after-release.ts) and the audit's id
 * derives from that message id (activities/selection/requested.ts). When the audit's draft report
 * settles whether something was found (domain/alert/audit-result.ts), the result goes to each alert
 * whose hit asked for this audit, as the match's result. An alert that ended (its grace period after
 * expiry is shorter than most audits) takes nothing.
 */
export async function auditResultToAlerts(
  pool: Pool,
  client: () => Client,
  p: CaseProjection,
): Promise<void> {
  if (p.kind !== 'audit' || !p.details || !p.country) return;
  const d = p.details as unknown as AuditProjectionDetails;
  const result = auditResultOf(d, p.events);
  if (!result) return;
  for (const mrn of d.declarations) {
    const caseId = `declaration/${mrn}`;
    for (const alertId of await intelligenceHitsOf(pool, caseId)) {
      if (auditIdOf(p.country, `${caseId}/audit/${alertId}`) !== d.auditId) continue;
      await sendAlertResult(client(), alertId, {
        caseId,
        ...result,
        actor: `audit:${d.auditId}`,
        country: p.country,
      });
    }
  }
}
