import type { Client } from '@temporalio/client';
import type { AuditSource } from '../../contracts/audit';
import { caseView, type DeclarationView } from '../../contracts/declaration';
import { RequestRefused, type AuditRequest, type StartRequestedAudit } from './dispatch';
import { auditIdOf } from './ids';
import { auditedDeclarationOf, notAuditable, startAudit } from './open';
import type { AuditPolicy } from './policy';

const QUERY_DEADLINE_MS = 5_000;

/** The selection source a request's message id names (workflows/declaration, sample.ts). */
export function sourceOf(messageId: string): AuditSource {
  if (messageId.endsWith('/audit/blue')) return 'BLUE';
  if (messageId.endsWith('/audit/sample')) return 'SAMPLE';
  return 'HIT_AFTER_RELEASE';
}

/**
 * Starts the audit an automatic request asks for: the declaration as customs see it, read from its
 * workflow, audited by the office of declaration, unassigned until a supervisor assigns an auditor.
 * Its id derives from the message id: a redelivery finds it started and opens nothing.
 */
export function requestedAuditStarter(deps: {
  client: Client;
  taskQueue: string;
  policy: AuditPolicy;
  now?: () => Date;
}): StartRequestedAudit {
  return async (req: AuditRequest) => {
    // A declaration whose workers do not answer must not hold up the requests behind it in the pass.
    const view = await deps.client.connection.withDeadline(Date.now() + QUERY_DEADLINE_MS, () =>
      deps.client.workflow.getHandle(req.caseId).query<DeclarationView, []>(caseView),
    );
    const why = notAuditable(view);
    if (why) throw new RequestRefused(why);
    const declaration = auditedDeclarationOf(view);
    return startAudit(deps.client, deps.taskQueue, {
      auditId: auditIdOf(view.country, req.messageId),
      country: view.country,
      office: view.office,
      owner: view.lodgedBy,
      declarant: view.declarant,
      source: sourceOf(req.messageId),
      kind: 'DOCUMENT_REQUEST',
      currency: declaration.currency,
      declarations: [declaration],
      auditor: 'unassigned',
      requestedBy: 'system',
      reason: req.payload.reason,
      openedAt: (deps.now?.() ?? new Date()).toISOString(),
      settings: deps.policy.settings(view.country, view.office),
    });
  };
}
