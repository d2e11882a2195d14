import { Context, getClient } from '@temporalio/activity';
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateStage,
  type Client,
} from '@temporalio/client';
import type { Pool } from 'pg';
import {
  alertWorkflowId,
  recordAlertMatch,
  type AlertChannel,
  type AlertMatchFound,
  type AlertSubject,
} from '../../contracts/alert';
import { describeSubject, subjectMatches, type CaseSubjects } from '../../domain/alert/subject';
import type { SealsAlertRequest } from '../../domain/transit/alert-holds';
import { indexedGoodsOf } from './goods';
import { alertIdOf, startAlert } from './start';

/** An active alert a lodgement matched: what its risk facts carry. */
export interface AlertFact {
  alertId: string;
  country: string;
  channel: AlertChannel;
  reason: string;
}

/** How long an alert raised by broken seals stays valid, and how long after it results are taken. */
const SEALS_ALERT_VALID_MS = 30 * 86_400_000;
const SEALS_RESULT_GRACE_MS = 7 * 86_400_000;

/**
 * The active alerts (read model, kind `alert`, state ACTIVE, not past validUntil) whose subject the
 * lodged case's facts carry. Each alert records the match (its update refuses when it expired
 * meanwhile: that alert is left out). Alerts are few; the subjects are compared here, not in SQL.
 */
export async function alertsMatchingLodgement(
  pool: Pool,
  client: Client,
  facts: CaseSubjects,
  match: AlertMatchFound,
  now = new Date(),
): Promise<AlertFact[]> {
  const { rows } = await pool.query<{ business_id: string; country: string; view: Record<string, unknown> }>(
    `SELECT business_id, country, view FROM cases WHERE kind = 'alert' AND state = 'ACTIVE'
       AND (view ->> 'validUntil')::timestamptz > $1 ORDER BY business_id`,
    [now.toISOString()],
  );
  const found: AlertFact[] = [];
  for (const r of rows) {
    const subject = r.view.subject as AlertSubject;
    if (!subjectMatches(subject, facts)) continue;
    try {
      const u = await client.workflow
        .getHandle(alertWorkflowId(r.business_id))
        .startUpdate(recordAlertMatch, {
          args: [match],
          waitForStage: WorkflowUpdateStage.ACCEPTED,
        });
      await u.result();
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError) continue;
      if (/already completed/i.test((err as Error).message)) continue;
      throw err;
    }
    found.push({
      alertId: r.business_id,
      country: r.country,
      channel: r.view.channel as AlertChannel,
      reason: `intelligence alert ${r.business_id} (${r.country}) on ${describeSubject(subject)}: ${String(r.view.reason)}`,
    });
  }
  return found;
}

export function createLodgementAlertActivities(deps: { pool: Pool; client?: Client }) {
  const client = () => deps.client ?? getClient();
  return {
    /**
     * A transit movement's lodgement against the active alerts: the alerts it is held for. Its items
     * carry no origin, so a commodity alert is compared with the goods index, where the transit door
     * put the headings with the country of departure when it lodged the movement.
     */
    async matchTransitToAlerts(req: { facts: CaseSubjects; match: AlertMatchFound }): Promise<AlertFact[]> {
      const goods = await indexedGoodsOf(deps.pool, req.match.caseId);
      const facts = { ...req.facts, goods: [...req.facts.goods, ...goods] };
      return alertsMatchingLodgement(deps.pool, client(), facts, req.match);
    },
    /** A crossing with broken seals raises a HIGH alert on the vehicle, once per movement and office. */
    async raiseSealsAlert(req: SealsAlertRequest): Promise<string> {
      const now = new Date();
      const alertId = alertIdOf(req.country, `seals|${req.mrn}|${req.office}`);
      await startAlert(client(), Context.current().info.taskQueue, {
        alertId,
        country: req.country,
        actor: `office:${req.office}`,
        raisedByRole: 'system',
        subject: req.subject,
        severity: 'HIGH',
        reason: `seals found broken at ${req.office} on movement ${req.mrn} (officer ${req.officer})`,
        raisedAt: now.toISOString(),
        validUntil: new Date(now.getTime() + SEALS_ALERT_VALID_MS).toISOString(),
        recipients: req.ahead,
        settings: { resultGraceMs: SEALS_RESULT_GRACE_MS },
      });
      return alertId;
    },
  };
}
