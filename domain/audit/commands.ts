import { AUDIT_MESSAGES } from '../../contracts/audit';
import type {
  AnswerDocuments,
  AskExtension,
  CommentDraft,
  DocumentRequest,
  RecordFindings,
  RecordVisit,
  RequestDocuments,
} from '../../contracts/audit';
import { enter, isoAt, ms, withEvent, withMessage, type AuditCase } from './case';

/**
 * The auditor's and the trader's commands up to the draft report, each a pure pair:
 * `*Refusal(case, command)` says why the command does not fit the audit now (the update's validator
 * throws it, the API answers 409 with it); `apply*(case, command, at)` returns the next case. The API
 * parsed the payloads (non-empty lists, dates, decimal amounts, items that exist); these check the
 * command against the audit only. The rest of the commands are in report.ts and collection.ts.
 */

const openRequest = (c: AuditCase): DocumentRequest | undefined => {
  const last = c.view.documentRequests[c.view.documentRequests.length - 1];
  return last && !last.answer ? last : undefined;
};

/** When the wait for documents wakes next: the reminder, then the deadline; nothing once overdue. */
export function documentsWakeAt(c: AuditCase, r: DocumentRequest): number | undefined {
  if (r.overdueAt) return undefined;
  const deadline = ms(r.deadline);
  return r.remindedAt ? deadline : deadline - c.input.settings.reminderLeadMs;
}

function withRequest(c: AuditCase, r: DocumentRequest): AuditCase {
  const requests = c.view.documentRequests.map((x) => (x.seq === r.seq ? r : x));
  return { ...c, view: { ...c.view, documentRequests: requests } };
}

export function requestDocumentsRefusal(c: AuditCase, _cmd: RequestDocuments): string | undefined {
  const s = c.view.state;
  if (s !== 'NOTICE_SENT' && s !== 'UNDER_REVIEW')
    return `documents are requested after the notice or during the review; the audit is ${s}`;
  return undefined;
}

export function applyRequestDocuments(c: AuditCase, cmd: RequestDocuments, at: string): AuditCase {
  const deadline = isoAt(ms(at) + c.input.settings.documentDeadlineMs);
  const request: DocumentRequest = {
    seq: c.view.documentRequests.length + 1,
    documents: cmd.documents,
    requestedAt: at,
    requestedBy: cmd.actor,
    deadline,
  };
  const withIt = { ...c, view: { ...c.view, documentRequests: [...c.view.documentRequests, request] } };
  const next = enter(
    withIt,
    'AWAITING_DOCUMENTS',
    at,
    { actor: cmd.actor, reason: `documents requested: ${cmd.documents.join(', ')}; deadline ${deadline}` },
    {
      pending: { action: 'produce the documents requested', by: 'declarant' },
      deadlineAt: documentsWakeAt(withIt, request),
      slaFrom: ms(deadline),
    },
  );
  const shown = { ...next, view: { ...next.view, pending: { ...next.view.pending!, deadline } } };
  return withMessage(shown, 'trader', AUDIT_MESSAGES.documentsRequested, {
    request: request.seq,
    documents: cmd.documents,
    deadline,
    ...(cmd.note ? { note: cmd.note } : {}),
  });
}

export function answerDocumentsRefusal(c: AuditCase, _cmd: AnswerDocuments): string | undefined {
  if (c.view.state !== 'AWAITING_DOCUMENTS' || !openRequest(c))
    return `no document request is open; the audit is ${c.view.state}`;
  return undefined;
}

/** A late answer (after the deadline) is accepted and counted late; the review goes on. */
export function applyAnswerDocuments(c: AuditCase, cmd: AnswerDocuments, at: string): AuditCase {
  const r = openRequest(c)!;
  const late = ms(at) > ms(r.deadline);
  const answered = withRequest(c, {
    ...r,
    answer: {
      at,
      by: cmd.actor,
      documents: cmd.documents,
      ...(cmd.remarks ? { remarks: cmd.remarks } : {}),
    },
  });
  const reason = `${cmd.documents.length} document(s) produced${late ? ' after the deadline' : ''}`;
  return enter(
    answered,
    'UNDER_REVIEW',
    at,
    { actor: cmd.actor, reason, data: { request: r.seq, late } },
    { pending: { action: 'record the findings and issue the draft report', by: 'auditor' } },
  );
}

export function extensionRefusal(c: AuditCase, _cmd: AskExtension): string | undefined {
  const r = c.view.state === 'AWAITING_DOCUMENTS' ? openRequest(c) : undefined;
  if (!r) return `no document request is open; the audit is ${c.view.state}`;
  if (r.overdueAt) return `the deadline of request ${r.seq} passed on ${r.deadline}`;
  if (r.extension) return `the deadline of request ${r.seq} was already extended once (to ${r.deadline})`;
  return undefined;
}

/** The one extension of a request: the deadline moves, the reminder is re-armed before the new one. */
export function applyExtension(c: AuditCase, cmd: AskExtension, at: string): AuditCase {
  const r = openRequest(c)!;
  const deadline = isoAt(ms(r.deadline) + c.input.settings.extensionMs);
  const { remindedAt: _reminded, ...rest } = r;
  const moved: DocumentRequest = {
    ...rest,
    deadline,
    extension: { at, by: cmd.actor, reason: cmd.reason, previous: r.deadline },
  };
  const next = withRequest(c, moved);
  const wakeAt = documentsWakeAt(next, moved);
  const waiting = {
    ...c.waiting,
    nextBreach: c.waiting.nextBreach + c.input.settings.extensionMs,
    ...(wakeAt !== undefined ? { deadlineAt: wakeAt } : {}),
  };
  const view = { ...next.view, pending: { ...next.view.pending!, deadline } };
  const e = {
    type: 'deadline-extended',
    state: c.view.state,
    actor: cmd.actor,
    reason: cmd.reason,
    data: { request: r.seq, deadline, previous: r.deadline },
  };
  return withEvent({ ...next, view, waiting, rescheduled: true }, e, at);
}

/** The reminder before a document deadline (the timer of AWAITING_DOCUMENTS). */
export function applyReminder(c: AuditCase, at: string): AuditCase {
  const r = openRequest(c)!;
  const next = withRequest(c, { ...r, remindedAt: at });
  const waiting = { ...c.waiting, deadlineAt: ms(r.deadline) };
  const e = {
    type: 'reminder',
    state: c.view.state,
    actor: 'system',
    reason: `documents due by ${r.deadline}`,
    data: { request: r.seq },
  };
  return withMessage(withEvent({ ...next, waiting }, e, at), 'trader', AUDIT_MESSAGES.reminder, {
    request: r.seq,
    documents: r.documents,
    deadline: r.deadline,
  });
}

/**
 * Silence past the deadline: the audit is marked stuck and escalated to the supervisor, and the
 * auditor may record findings without the documents (violation NO_DOCUMENTS). A late answer is
 * still accepted.
 */
export function applyDocumentsOverdue(c: AuditCase, at: string): AuditCase {
  const r = openRequest(c)!;
  const next = withRequest(c, { ...r, overdueAt: at });
  const { deadlineAt: _d, ...clock } = c.waiting;
  const view = {
    ...next.view,
    stuck: true,
    stuckSince: at,
    escalations: c.view.escalations + 1,
    pending: { action: 'record findings (no documents) or accept a late answer', by: 'auditor' },
  };
  const reason = `no documents produced by the deadline ${r.deadline}`;
  const e = { type: 'escalated', state: c.view.state, actor: 'system', reason, data: { request: r.seq } };
  const escalated = withEvent({ ...next, view, waiting: { ...clock, breaches: 2 } }, e, at);
  return withMessage(escalated, 'supervisor', 'case-escalated', {
    kind: 'escalated',
    reason,
    office: c.view.office,
  });
}

export function recordVisitRefusal(c: AuditCase, cmd: RecordVisit, at: string): string | undefined {
  if (c.view.auditKind !== 'FIELD_AUDIT')
    return `a visit belongs to a field audit; this is a ${c.view.auditKind}`;
  const s = c.view.state;
  if (s !== 'NOTICE_SENT' && s !== 'UNDER_REVIEW' && s !== 'VISIT_SCHEDULED')
    return `a visit is agreed after the notice or during the review; the audit is ${s}`;
  if (ms(cmd.at) <= ms(at)) return `the visit date ${cmd.at} has passed`;
  return undefined;
}

/** The visit date agreed with the trader; the review starts when it comes (the state's timer). */
export function applyRecordVisit(c: AuditCase, cmd: RecordVisit, at: string): AuditCase {
  const visit = { at: cmd.at, agreedAt: at, by: cmd.actor, ...(cmd.place ? { place: cmd.place } : {}) };
  const next = enter(
    { ...c, view: { ...c.view, visit } },
    'VISIT_SCHEDULED',
    at,
    { actor: cmd.actor, reason: `field visit agreed for ${cmd.at}${cmd.place ? ` at ${cmd.place}` : ''}` },
    { pending: { action: 'hold the field visit', by: 'auditor' }, deadlineAt: ms(cmd.at) },
  );
  return withMessage(next, 'trader', AUDIT_MESSAGES.visitScheduled, { visit });
}

export function applyVisitHeld(c: AuditCase, at: string): AuditCase {
  return enter(
    c,
    'UNDER_REVIEW',
    at,
    { actor: 'system', reason: `field visit of ${c.view.visit?.at} held` },
    { pending: { action: 'record the findings and issue the draft report', by: 'auditor' } },
  );
}

export function findingsRefusal(c: AuditCase, cmd: RecordFindings): string | undefined {
  const s = c.view.state;
  const overdue = s === 'AWAITING_DOCUMENTS' && !!openRequest(c)?.overdueAt;
  const revising = s === 'DRAFT_ISSUED' && !!c.view.draft?.commentsClosedAt;
  if (c.recompute) return 'the findings recorded last are being recomputed';
  if (s !== 'UNDER_REVIEW' && !overdue && !revising)
    return `findings are recorded during the review (or without documents after a missed deadline, or after the comments period); the audit is ${s}`;
  for (const f of cmd.findings) {
    const d = c.input.declarations.find((x) => x.mrn === f.mrn);
    if (!d) return `declaration ${f.mrn} is not under this audit`;
    if (!d.items.some((i) => i.seq === f.itemSeq)) return `declaration ${f.mrn} has no item ${f.itemSeq}`;
  }
  if (!overdue && cmd.findings.some((f) => f.violation === 'NO_DOCUMENTS'))
    return 'the finding NO_DOCUMENTS needs a document request whose deadline passed unanswered';
  return undefined;
}

/** The findings replace earlier ones; the process recomputes them (the assessment waits for it). */
export function applyFindings(c: AuditCase, cmd: RecordFindings, at: string): AuditCase {
  const findings = {
    recordedAt: at,
    by: cmd.actor,
    items: cmd.findings,
    ...(cmd.summary ? { summary: cmd.summary } : {}),
  };
  const { assessment: _a, ...view } = c.view;
  const reason = cmd.findings.length ? `${cmd.findings.length} finding(s) recorded` : 'no findings';
  const next = cmd.findings.length
    ? {
        ...c,
        view: { ...view, findings },
        recompute: { reason: 'findings' as const, findings: cmd.findings },
      }
    : { ...c, view: { ...view, findings } };
  const e = {
    type: 'findings',
    state: c.view.state,
    actor: cmd.actor,
    reason,
    data: { count: cmd.findings.length },
  };
  if (c.view.state !== 'AWAITING_DOCUMENTS') return withEvent(next, e, at);
  return enter(
    withEvent(next, e, at),
    'UNDER_REVIEW',
    at,
    { actor: cmd.actor, reason: 'review without the documents requested' },
    { pending: { action: 'issue the draft report', by: 'auditor' } },
  );
}

export function commentRefusal(c: AuditCase, _cmd: CommentDraft): string | undefined {
  if (c.view.state !== 'DRAFT_ISSUED' || c.view.draft?.commentsClosedAt)
    return `comments are taken on a draft report within its comments period; the audit is ${c.view.state}`;
  return undefined;
}

export function applyComment(c: AuditCase, cmd: CommentDraft, at: string): AuditCase {
  const draft = c.view.draft!;
  const comments = [...draft.comments, { at, by: cmd.actor, comment: cmd.comment }];
  const e = { type: 'comment', state: c.view.state, actor: cmd.actor, reason: cmd.comment.slice(0, 200) };
  return withEvent({ ...c, view: { ...c.view, draft: { ...draft, comments } } }, e, at);
}
