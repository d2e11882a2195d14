import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateStage,
  type Client,
} from '@temporalio/client';
import { alertWorkflowId, recordAlertResult } from '../../contracts/alert';

/** The risk hit an active alert adds to a lodged declaration's decision (domain/alert/risk-facts.ts). */
export const ALERT_HIT_PREFIX = 'alert:';

/**
 * A declaration's control result, for each alert among its risk hits, goes back to that alert as the
 * match's result: anything but CONFORM is a finding. The alert refuses a second result (an officer may
 * have reported it through the alert's own route first): that refusal is the end of it.
 */
export async function controlResultToAlerts(
  client: Client,
  req: { eventKey: string; ruleIds: string[]; outcome: string },
): Promise<void> {
  const alerts = req.ruleIds.filter((id) => id.startsWith(ALERT_HIT_PREFIX));
  if (!alerts.length) return;
  // The event key is `<caseId>/control/<seq>` (workflows/declaration/channel.ts).
  const caseId = req.eventKey.slice(0, req.eventKey.indexOf('/control/'));
  const mrn = caseId.slice(caseId.indexOf('/') + 1);
  for (const hit of alerts) {
    const cmd = {
      caseId,
      found: req.outcome !== 'CONFORM',
      what: `declaration control: ${req.outcome}`,
      actor: 'declaration-control',
      country: mrn.slice(2, 4),
    };
    try {
      const u = await client.workflow
        .getHandle(alertWorkflowId(hit.slice(ALERT_HIT_PREFIX.length)))
        .startUpdate(recordAlertResult, { args: [cmd], waitForStage: WorkflowUpdateStage.ACCEPTED });
      await u.result();
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError) continue;
      if (/already completed/i.test((err as Error).message)) continue;
      throw err;
    }
  }
}
