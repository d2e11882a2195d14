import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import {
  AUDIT_WORKFLOW_TYPE,
  auditWorkflowId,
  type AuditedDeclaration,
  type AuditInput,
} from '../../contracts/audit';
import type { DeclarationView } from '../../contracts/declaration';
import { CaseKind, CaseState, Country, Office } from '../../contracts/search-attributes';
import { auditedDeclaration } from '../../domain/audit/audited';

/**
 * Opening an audit, shared by the API (POST /v1/audits) and the dispatcher of automatic requests:
 * what the audit needs of each released declaration, and the one start that refuses a duplicate id.
 */

/** When the declaration was released (its RELEASED timeline event), if it was. */
export function releasedAtOf(view: Pick<DeclarationView, 'timeline'>): string | undefined {
  return view.timeline.find((e) => e.type === 'state' && e.state === 'RELEASED')?.at;
}

/** Why a declaration cannot be audited as it stands, or undefined when it can. */
export function notAuditable(view: DeclarationView): string | undefined {
  if (!releasedAtOf(view)) return `declaration ${view.mrn} is ${view.state}, not released`;
  if (!view.duties) return `declaration ${view.mrn} has no duty assessment to reassess`;
  return undefined;
}

/**
 * The declaration as it was assessed at release (domain/audit/audited.ts): the acceptance date whose
 * tariff applies, the release date interest runs from. Call after `notAuditable` said nothing.
 */
export function auditedDeclarationOf(view: DeclarationView): AuditedDeclaration {
  const accepted =
    view.timeline.find((e) => e.type === 'state' && e.state === 'ACCEPTED') ?? view.timeline[0];
  return auditedDeclaration(
    view.mrn,
    view.declaration,
    view.duties!,
    accepted.at.slice(0, 10),
    releasedAtOf(view)!,
  );
}

/**
 * Starts `audit/<id>` once: Temporal refuses a second start of the id (REJECT_DUPLICATE), even after
 * the first audit closed, so the same request never opens two audits. The search attributes are
 * set at the start, so scope checks and listings see the audit at once.
 */
export async function startAudit(
  client: Client,
  taskQueue: string,
  input: AuditInput,
): Promise<'started' | 'duplicate'> {
  try {
    await client.workflow.start(AUDIT_WORKFLOW_TYPE, {
      taskQueue,
      workflowId: auditWorkflowId(input.auditId),
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      memo: { owner: input.owner },
      typedSearchAttributes: [
        { key: CaseKind, value: 'audit' },
        { key: CaseState, value: 'OPENED' },
        { key: Country, value: input.country },
        { key: Office, value: input.office },
      ],
      args: [input],
    });
    return 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'duplicate';
    throw err;
  }
}
