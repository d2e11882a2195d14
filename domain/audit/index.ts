import { applyAppealWindowClosed, applyCommentsClosed } from './report';
import { applyDocumentsOverdue, applyReminder, applyVisitHeld } from './commands';
import type { AuditCase } from './case';

/**
 * The post-entry audit's rules (docs/audit.md), workflow-safe: no duty engine here. The engine runs
 * over the findings in domain/audit/recompute.ts, which only the activity imports.
 */
export * from './case';
export * from './assessment';
export * from './commands';
export * from './report';
export * from './collection';
export * from './lifecycle';

/** The business deadline of the state the audit waits in has come: what it means in that state. */
export function applyDeadline(c: AuditCase, at: string): AuditCase {
  switch (c.view.state) {
    case 'AWAITING_DOCUMENTS': {
      const r = c.view.documentRequests[c.view.documentRequests.length - 1];
      return r.remindedAt ? applyDocumentsOverdue(c, at) : applyReminder(c, at);
    }
    case 'VISIT_SCHEDULED':
      return applyVisitHeld(c, at);
    case 'DRAFT_ISSUED':
      return applyCommentsClosed(c, at);
    case 'FINAL_ASSESSED':
      return applyAppealWindowClosed(c, at);
    default:
      return c;
  }
}
