import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { alertWorkflowId, type AlertInput } from '../../contracts/alert';
import { CaseKind, CaseState, Country } from '../../contracts/search-attributes';
import { businessIdOf } from '../business-id';

export const ALERT_WORKFLOW_TYPE = 'alertWorkflow';

/** An alert's id from what raised it (the canonical request, or a movement and office for broken seals). */
export const alertIdOf = (country: string, key: string): string => businessIdOf(country, 'L', key);

/**
 * Starts `alert/<id>` once (REJECT_DUPLICATE, even after it expired): the API's raising and the
 * alert a transit crossing with broken seals raises by itself share it. The search attributes are
 * set at the start, so listings and scope checks see the alert at once.
 */
export async function startAlert(
  client: Client,
  taskQueue: string,
  input: AlertInput,
): Promise<'started' | 'duplicate'> {
  try {
    await client.workflow.start(ALERT_WORKFLOW_TYPE, {
      taskQueue,
      workflowId: alertWorkflowId(input.alertId),
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      args: [input],
      typedSearchAttributes: [
        { key: CaseKind, value: 'alert' },
        { key: CaseState, value: 'ACTIVE' },
        { key: Country, value: input.country },
      ],
    });
    return 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'duplicate';
    throw err;
  }
}
