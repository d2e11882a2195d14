import { AUDIT_MESSAGES } from '../../contracts/audit';
import type {
  AppealAssessment,
  AppealDecision,
  AuditAssessment,
  AuditRecomputation,
  IssueDraftReport,
  IssueFinalAssessment,
} from '../../contracts/audit';
import { fmt, ZERO } from '../money';
import { assessmentOf } from './assessment';
import { enter, isoAt, ms, withEvent, withMessage, type AuditCase } from './case';
import { afterAssessment, close } from './collection';

/**
 * From the findings to what is owed: the recomputation's result, the draft report and its comments
 * period, the final assessment and its appeal window, the appeal and its decision. Pure pairs and
 * timer events in the shape of commands.ts.
 */

const recomputationOf = (a: AuditAssessment): AuditRecomputation => ({
  currency: a.currency,
  scale: a.scale,
  items: a.items.map(({ violation: _v, ...i }) => i),
});

/** The summary a notice carries (the explanation stays in the case view). */
const moneyOf = (a: AuditAssessment | undefined) =>
  a
    ? {
        currency: a.currency,
        difference: a.difference,
        interest: a.interestTotal,
        penalties: a.penaltyTotal,
        due: a.due,
      }
    : { due: '0' };

/**
 * The recomputation the process ran. After findings: the assessment, with interest to today
 * (indicative until the final assessment). After an appeal partly upheld: interest to the final
 * assessment as before, and collection goes on with what is now due.
 */
export function applyRecomputation(c: AuditCase, r: AuditRecomputation, at: string): AuditCase {
  const pending = c.recompute!;
  const { recompute: _r, ...rest } = c;
  const to = pending.reason === 'appeal' ? c.view.final!.issuedAt : at;
  const assessment = assessmentOf(c.input, r, pending.findings, to, at);
  const e = {
    type: 'recomputed',
    state: c.view.state,
    actor: 'system',
    reason: `${r.items.length} item(s) recomputed: difference ${assessment.difference.total}, due ${assessment.due} ${r.currency}`,
    data: { due: assessment.due },
  };
  // A recomputation that failed left the audit stuck: this one is the progress that clears it.
  const { stuckSince: _s, ...view } = c.view;
  const next = withEvent({ ...rest, view: { ...view, stuck: false, assessment } }, e, at);
  if (pending.reason !== 'appeal') return next;
  const final = { ...c.view.final!, due: assessment.due };
  return appealDecided({ ...next, view: { ...next.view, final } }, at);
}

/** The engine could not recompute (no tariff line for a corrected HS code...): stuck until new findings. */
export function applyRecomputationFailure(c: AuditCase, reason: string, at: string): AuditCase {
  const pending = c.recompute!;
  const { recompute: _r, ...rest } = c;
  const appeal = pending.reason === 'appeal' && c.view.appeal ? { ...c.view.appeal } : undefined;
  if (appeal) delete appeal.decision; // decided again once the findings can be recomputed
  const view = { ...c.view, stuck: true, stuckSince: at, ...(appeal ? { appeal } : {}) };
  const e = {
    type: 'recomputation-failed',
    state: c.view.state,
    actor: 'system',
    reason: reason.slice(0, 500),
  };
  return withEvent({ ...rest, view }, e, at);
}

export function draftRefusal(c: AuditCase, _cmd: IssueDraftReport): string | undefined {
  if (c.view.state !== 'UNDER_REVIEW')
    return `a draft report is issued after the review; the audit is ${c.view.state}`;
  if (!c.view.findings) return 'record the findings (or that there are none) before the draft report';
  if (c.recompute) return 'the findings are being recomputed';
  if (c.view.findings.items.length && !c.view.assessment)
    return 'the findings could not be recomputed: record corrected findings first';
  return undefined;
}

/** A draft without findings closes the audit; otherwise the comments period starts. */
export function applyDraft(c: AuditCase, cmd: IssueDraftReport, at: string): AuditCase {
  if (!c.view.findings!.items.length)
    return close(c, 'NO_FINDINGS', at, cmd.actor, cmd.summary ?? 'audit closed without findings');
  const assessment = assessmentOf(
    c.input,
    recomputationOf(c.view.assessment!),
    c.view.findings!.items,
    at,
    at,
  );
  const commentsUntil = isoAt(ms(at) + c.input.settings.commentsPeriodMs);
  const draft = { issuedAt: at, by: cmd.actor, commentsUntil, comments: [] };
  const next = enter(
    { ...c, view: { ...c.view, assessment, draft } },
    'DRAFT_ISSUED',
    at,
    {
      actor: cmd.actor,
      reason: cmd.summary ?? `draft report issued: due ${assessment.due} ${assessment.currency}`,
    },
    { pending: { action: 'comment on the draft report', by: 'declarant' }, deadlineAt: ms(commentsUntil) },
  );
  return withMessage(next, 'trader', AUDIT_MESSAGES.draftReport, {
    commentsUntil,
    findings: c.view.findings!.items,
    ...moneyOf(assessment),
  });
}

/** The comments period ended (the timer of DRAFT_ISSUED): the auditor issues the final assessment. */
export function applyCommentsClosed(c: AuditCase, at: string): AuditCase {
  const draft = { ...c.view.draft!, commentsClosedAt: at };
  const { deadlineAt: _d, ...clock } = c.waiting;
  const waiting = { ...clock, breaches: 0, nextBreach: ms(at) + c.waiting.sla };
  const pending = {
    action: 'issue the final assessment',
    by: 'auditor',
    deadline: isoAt(waiting.nextBreach),
  };
  const e = {
    type: 'comments-closed',
    state: c.view.state,
    actor: 'system',
    reason: `comments period ended with ${draft.comments.length} comment(s)`,
  };
  return withEvent({ ...c, waiting, view: { ...c.view, draft, pending } }, e, at);
}

export function finalRefusal(c: AuditCase, _cmd: IssueFinalAssessment): string | undefined {
  if (c.view.state !== 'DRAFT_ISSUED')
    return `the final assessment follows a draft report; the audit is ${c.view.state}`;
  if (!c.view.draft?.commentsClosedAt) return `the comments period runs until ${c.view.draft?.commentsUntil}`;
  if (c.recompute) return 'the revised findings are being recomputed';
  if (!c.view.assessment)
    return 'the revised findings could not be recomputed: record corrected findings first';
  return undefined;
}

/** Interest runs to this day; the appeal window starts. */
export function applyFinal(c: AuditCase, cmd: IssueFinalAssessment, at: string): AuditCase {
  const assessment = assessmentOf(
    c.input,
    recomputationOf(c.view.assessment!),
    c.view.findings!.items,
    at,
    at,
  );
  const appealUntil = isoAt(ms(at) + c.input.settings.appealWindowMs);
  const final = { issuedAt: at, by: cmd.actor, appealUntil, due: assessment.due };
  const payment = { due: assessment.due, paid: fmt(ZERO, assessment.scale), receipts: [] };
  const next = enter(
    { ...c, view: { ...c.view, assessment, final, payment } },
    'FINAL_ASSESSED',
    at,
    {
      actor: cmd.actor,
      reason: cmd.remarks ?? `final assessment: due ${assessment.due} ${assessment.currency}`,
    },
    { pending: { action: 'pay, or appeal', by: 'declarant' }, deadlineAt: ms(appealUntil) },
  );
  return withMessage(next, 'trader', AUDIT_MESSAGES.finalAssessment, { appealUntil, ...moneyOf(assessment) });
}

/** The appeal window passed without an appeal (the timer of FINAL_ASSESSED). */
export function applyAppealWindowClosed(c: AuditCase, at: string): AuditCase {
  const e = {
    type: 'appeal-window-closed',
    state: c.view.state,
    actor: 'system',
    reason: 'no appeal lodged',
  };
  return afterAssessment(withEvent(c, e, at), at);
}

export function appealRefusal(c: AuditCase, _cmd: AppealAssessment): string | undefined {
  if (c.view.appeal) return 'the final assessment was already appealed';
  if (c.view.state !== 'FINAL_ASSESSED')
    return `an appeal lies against the final assessment within its window; the audit is ${c.view.state}`;
  return undefined;
}

/** Collection is suspended until the appeal is decided. */
export function applyAppeal(c: AuditCase, cmd: AppealAssessment, at: string): AuditCase {
  const appeal = { at, by: cmd.actor, grounds: cmd.grounds };
  return enter(
    { ...c, view: { ...c.view, appeal } },
    'APPEALED',
    at,
    { actor: cmd.actor, reason: cmd.grounds },
    {
      pending: { action: 'decide the appeal', by: 'supervisor' },
    },
  );
}

export function appealDecisionRefusal(c: AuditCase, cmd: AppealDecision): string | undefined {
  if (c.view.state !== 'APPEALED' || c.view.appeal?.decision)
    return `no appeal waits for a decision; the audit is ${c.view.state}`;
  if (cmd.decision === 'PARTLY_UPHELD' && !cmd.findings)
    return 'a partly upheld appeal carries the corrected findings';
  if (cmd.decision !== 'PARTLY_UPHELD' && cmd.findings)
    return `an appeal ${cmd.decision.toLowerCase()} carries no findings`;
  for (const f of cmd.findings ?? []) {
    const d = c.input.declarations.find((x) => x.mrn === f.mrn);
    if (!d) return `declaration ${f.mrn} is not under this audit`;
    if (!d.items.some((i) => i.seq === f.itemSeq)) return `declaration ${f.mrn} has no item ${f.itemSeq}`;
  }
  return undefined;
}

/** Upheld: nothing is due. Dismissed: the assessment stands. Partly upheld: recomputed first. */
export function applyAppealDecision(c: AuditCase, cmd: AppealDecision, at: string): AuditCase {
  const decision = { at, by: cmd.actor, decision: cmd.decision, reason: cmd.reason };
  const view = { ...c.view, appeal: { ...c.view.appeal!, decision } };
  const e = {
    type: 'appeal-decided',
    state: c.view.state,
    actor: cmd.actor,
    reason: `${cmd.decision}: ${cmd.reason}`,
  };
  const next = withEvent({ ...c, view }, e, at);
  if (cmd.decision === 'DISMISSED') return appealDecided(next, at);
  if (cmd.decision === 'UPHELD') {
    const nothing = fmt(ZERO, next.view.assessment?.scale ?? 2);
    const final = { ...next.view.final!, due: nothing };
    const payment = { ...next.view.payment!, due: nothing };
    return appealDecided({ ...next, view: { ...next.view, final, payment } }, at);
  }
  const findings = {
    recordedAt: at,
    by: cmd.actor,
    items: cmd.findings!,
    summary: `appeal partly upheld: ${cmd.reason}`,
  };
  return {
    ...next,
    view: { ...next.view, findings },
    recompute: { reason: 'appeal', findings: cmd.findings! },
  };
}

function appealDecided(c: AuditCase, at: string): AuditCase {
  const d = c.view.appeal!.decision!;
  const due = c.view.final!.due;
  const payment = { ...c.view.payment!, due };
  const told = withMessage({ ...c, view: { ...c.view, payment } }, 'trader', AUDIT_MESSAGES.appealDecided, {
    decision: d.decision,
    reason: d.reason,
    due,
  });
  if (d.decision === 'UPHELD') return close(told, 'APPEAL_UPHELD', at, d.by, `appeal upheld: ${d.reason}`);
  return afterAssessment(told, at);
}
