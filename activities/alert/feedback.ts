import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateStage,
  type Client,
} from '@temporalio/client';
import type { Pool } from 'pg';
import { alertWorkflowId, recordAlertResult, type RecordAlertResult } from '../../contracts/alert';

/** The risk hit an active alert adds to a lodged declaration's decision (domain/alert/risk-facts.ts). */
export const ALERT_HIT_PREFIX = 'alert:';

/**
 * The alerts a declaration's control result goes back to: those among its risk hits (matched on
 * lodgement) and those whose intelligence hit forced the control (matched on raising), once each.
 */
export function alertsOfControl(ruleIds: readonly string[], intelligenceHits: readonly string[]): string[] {
  const fromRisk = ruleIds
    .filter((id) => id.startsWith(ALERT_HIT_PREFIX))
    .map((id) => id.slice(ALERT_HIT_PREFIX.length));
  return [...new Set([...fromRisk, ...intelligenceHits])];
}

/**
 * The alerts an alert's notice told the case of (`alert_case_hits`, written before the signal), and
 * the intelligence hits of its timeline in the read model (`intelligence-hit` events name the alert;
 * hits delivered before that table existed). One read, by the case's key.
 */
export async function intelligenceHitsOf(pool: Pool, caseId: string): Promise<string[]> {
  const { rows } = await pool.query<{ alert_id: string | null }>(
    `SELECT alert_id FROM alert_case_hits WHERE case_id = $1
     UNION
     SELECT data ->> 'alertId' FROM case_events WHERE case_id = $1 AND type = 'intelligence-hit'`,
    [caseId],
  );
  return rows.flatMap((r) => (r.alert_id ? [r.alert_id] : [])).sort();
}

/** An alert is about to tell a declaration it matched: kept until the case closes (controlResultToAlerts). */
export async function noteIntelligenceHit(pool: Pool, caseId: string, alertId: string): Promise<void> {
  await pool.query('INSERT INTO alert_case_hits (case_id, alert_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
    caseId,
    alertId,
  ]);
}

/**
 * A declaration's control result goes back to each alert that matched it as the match's result:
 * anything but CONFORM is a finding. The alert refuses a second result (an officer may have reported
 * it through the alert's own route first) and a case that is not its match (an intelligence hit sent
 * by hand, not by an alert): that refusal is the end of it.
 */
export async function controlResultToAlerts(
  client: Client,
  pool: Pool,
  req: { eventKey: string; ruleIds: string[]; outcome: string },
): Promise<void> {
  // The event key is `<caseId>/control/<seq>` (workflows/declaration/channel.ts).
  const caseId = req.eventKey.slice(0, req.eventKey.indexOf('/control/'));
  const alerts = alertsOfControl(req.ruleIds, await intelligenceHitsOf(pool, caseId));
  if (!alerts.length) return;
  const mrn = caseId.slice(caseId.indexOf('/') + 1);
  for (const alertId of alerts)
    await sendAlertResult(client, alertId, {
      caseId,
      found: req.outcome !== 'CONFORM',
      what: `declaration control: ${req.outcome}`,
      actor: 'declaration-control',
      country: mrn.slice(2, 4),
    });
}

/**
 * The control result of one match, to its alert. A refusal (already recorded, not a match) and an
 * alert that ended are the end of it; anything else (Temporal unavailable) fails the activity, which
 * is retried.
 */
export async function sendAlertResult(
  client: Client,
  alertId: string,
  cmd: RecordAlertResult,
): Promise<void> {
  try {
    const u = await client.workflow
      .getHandle(alertWorkflowId(alertId))
      .startUpdate(recordAlertResult, { args: [cmd], waitForStage: WorkflowUpdateStage.ACCEPTED });
    await u.result();
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError) return;
    if (/already completed/i.test((err as Error).message)) return;
    throw err;
  }
}
