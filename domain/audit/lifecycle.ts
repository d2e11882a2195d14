import { AUDIT_MESSAGES } from '../../contracts/audit';
import type { SupervisorAction } from '../../contracts/supervision';
import { enter, isoAt, ms, withEvent, withMessage, type AuditCase } from './case';
import { documentsWakeAt } from './commands';

/**
 * The audit's opening (record, notice, first waiting state), its SLA breaches and the supervisor
 * actions it takes (escalate, reassign the auditor, extend the pending deadline). The generic checks
 * (role, reason, closed case) run first, in workflows/shell/supervision.ts.
 */

/** Opened, the notice to the trader, then the first step of its kind. */
export function applyOpening(c: AuditCase, at: string): AuditCase {
  const i = c.input;
  const opened = enter(c, 'OPENED', at, {
    actor: i.requestedBy,
    reason: `${i.kind} audit opened (${i.source}): ${i.reason}`,
    data: { source: i.source, declarations: c.view.declarations },
  });
  // The trader learns the audit, not why it was selected (an intelligence hit, the random sample).
  const noticed = withMessage(opened, 'trader', AUDIT_MESSAGES.notice, {
    kind: i.kind,
    declarations: c.view.declarations,
    auditor: i.auditor,
    office: i.office,
  });
  if (i.kind === 'DESK_REVIEW')
    return enter(
      noticed,
      'UNDER_REVIEW',
      at,
      { actor: 'system', reason: 'notice sent; desk review' },
      { pending: { action: 'record the findings and issue the draft report', by: 'auditor' } },
    );
  const next = i.kind === 'FIELD_AUDIT' ? 'agree the visit date with the trader' : 'request documents';
  return enter(
    noticed,
    'NOTICE_SENT',
    at,
    { actor: 'system', reason: 'notice sent to the trader' },
    { pending: { action: next, by: 'auditor' } },
  );
}

/** The n-th SLA breach of the state it waits in: 1 marks the audit stuck, 2 escalates; both tell the supervisor. */
export function applySlaBreach(c: AuditCase, n: 1 | 2, at: string): AuditCase {
  const state = c.view.state;
  const reason = n === 1 ? `no progress in ${state} within SLA` : `SLA breached again in ${state}`;
  const view =
    n === 1 ? { ...c.view, stuck: true, stuckSince: at } : { ...c.view, escalations: c.view.escalations + 1 };
  const e = { type: n === 1 ? 'sla-breach' : 'escalated', state, actor: 'system', reason };
  const kind = n === 1 ? 'stuck' : 'escalated';
  return withMessage(withEvent({ ...c, view }, e, at), 'supervisor', `case-${kind}`, { kind, reason });
}

export function applyEscalation(c: AuditCase, a: SupervisorAction, at: string): AuditCase {
  const view = { ...c.view, escalations: c.view.escalations + 1 };
  const e = { type: 'escalated', state: c.view.state, actor: a.actor, reason: a.reason };
  return withEvent({ ...c, view }, e, at);
}

/** The auditor in charge changes; the audit's history keeps who did what before. */
export function applyReassignment(c: AuditCase, a: SupervisorAction, at: string): AuditCase {
  const view = { ...c.view, auditor: a.assignee!, assignedTo: a.assignee };
  const e = {
    type: 'reassigned',
    state: c.view.state,
    actor: a.actor,
    reason: a.reason,
    data: { assignee: a.assignee, previous: c.view.auditor },
  };
  return withEvent({ ...c, view }, e, at);
}

export function extendDeadlineRefusal(c: AuditCase): string | undefined {
  return c.view.state === 'OPENED' || c.view.state === 'CLOSED' || c.waiting.state !== c.view.state
    ? `no deadline is pending: the audit is ${c.view.state}`
    : undefined;
}

/**
 * Moves the state's business deadline (documents, visit, comments period, appeal window) or, in a
 * state without one, its SLA clock; the wait starts again with it.
 */
export function applyDeadlineExtension(c: AuditCase, a: SupervisorAction, at: string): AuditCase {
  const by = a.extendByMs!;
  const v = c.view;
  const later = (iso: string) => isoAt(ms(iso) + by);
  let view = v;
  let waiting = { ...c.waiting };
  const open = v.documentRequests[v.documentRequests.length - 1];
  if (v.state === 'AWAITING_DOCUMENTS' && open && !open.answer && !open.overdueAt) {
    const moved = { ...open, deadline: later(open.deadline) };
    delete moved.remindedAt; // a reminder goes out again before the new deadline
    view = { ...v, documentRequests: [...v.documentRequests.slice(0, -1), moved] };
    waiting = { ...waiting, deadlineAt: documentsWakeAt({ ...c, view }, moved) };
  } else if (v.state === 'VISIT_SCHEDULED' && v.visit) {
    view = { ...v, visit: { ...v.visit, at: later(v.visit.at) } };
    waiting = { ...waiting, deadlineAt: ms(view.visit!.at) };
  } else if (v.state === 'DRAFT_ISSUED' && v.draft && !v.draft.commentsClosedAt) {
    view = { ...v, draft: { ...v.draft, commentsUntil: later(v.draft.commentsUntil) } };
    waiting = { ...waiting, deadlineAt: ms(view.draft!.commentsUntil) };
  } else if (v.state === 'FINAL_ASSESSED' && v.final) {
    view = { ...v, final: { ...v.final, appealUntil: later(v.final.appealUntil) } };
    waiting = { ...waiting, deadlineAt: ms(view.final!.appealUntil) };
  } else waiting = { ...waiting, nextBreach: waiting.nextBreach + by };
  const deadline = v.pending?.deadline ? later(v.pending.deadline) : undefined;
  if (view.pending && deadline) view = { ...view, pending: { ...view.pending, deadline } };
  const e = {
    type: 'deadline-extended',
    state: v.state,
    actor: a.actor,
    reason: a.reason,
    data: { extendByMs: by, ...(deadline ? { deadline } : {}) },
  };
  return withEvent({ ...c, view, waiting, rescheduled: true }, e, at);
}
