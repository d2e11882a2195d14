import { setHandler } from '@temporalio/workflow';
import {
  answerAuditDocuments,
  appealAudit,
  askAuditExtension,
  auditView,
  chargeAuditGuarantee,
  commentAuditDraft,
  decideAuditAppeal,
  issueAuditDraft,
  issueAuditFinal,
  payAudit,
  recordAuditFindings,
  recordAuditVisit,
  requestAuditDocuments,
} from '../../contracts';
import {
  answerDocumentsRefusal,
  appealDecisionRefusal,
  appealRefusal,
  applyAnswerDocuments,
  applyAppeal,
  applyAppealDecision,
  applyChargeRequest,
  applyComment,
  applyDeadlineExtension,
  applyDraft,
  applyEscalation,
  applyExtension,
  applyFinal,
  applyFindings,
  applyPayment,
  applyReassignment,
  applyRecordVisit,
  applyRequestDocuments,
  chargeRefusal,
  commentRefusal,
  draftRefusal,
  extendDeadlineRefusal,
  extensionRefusal,
  finalRefusal,
  findingsRefusal,
  isClosed,
  paymentRefusal,
  recordVisitRefusal,
  requestDocumentsRefusal,
} from '../../domain/audit';
import { nowIso, refuse } from '../shell/case';
import { commandWiring } from '../shell/commands';
import { installSupervision } from '../shell/supervision';
import { commit, type Run } from './run';

/**
 * The query, the twelve updates and the supervisor actions. Each update's validator is its pure
 * refusal and its handler its pure apply (domain/audit); handlers never await, so nothing runs
 * between a check and its change. The main flow reacts to what they set.
 */
export function installHandlers(r: Run): void {
  const { apply, check } = commandWiring(r, (next) => commit(r, next));

  setHandler(auditView, () => r.c.view);
  setHandler(requestAuditDocuments, apply(applyRequestDocuments), check(requestDocumentsRefusal));
  setHandler(answerAuditDocuments, apply(applyAnswerDocuments), check(answerDocumentsRefusal));
  setHandler(askAuditExtension, apply(applyExtension), check(extensionRefusal));
  setHandler(recordAuditVisit, apply(applyRecordVisit), {
    validator: (cmd) => refuse(recordVisitRefusal(r.c, cmd, nowIso())),
  });
  setHandler(recordAuditFindings, apply(applyFindings), check(findingsRefusal));
  setHandler(issueAuditDraft, apply(applyDraft), check(draftRefusal));
  setHandler(commentAuditDraft, apply(applyComment), check(commentRefusal));
  setHandler(issueAuditFinal, apply(applyFinal), check(finalRefusal));
  setHandler(appealAudit, apply(applyAppeal), check(appealRefusal));
  setHandler(decideAuditAppeal, apply(applyAppealDecision), check(appealDecisionRefusal));
  setHandler(payAudit, apply(applyPayment), check(paymentRefusal));
  setHandler(chargeAuditGuarantee, apply(applyChargeRequest), check(chargeRefusal));

  // Release, cancel and retry have no meaning here: an audit ends by its own steps.
  installSupervision({
    kind: 'post-entry audit',
    state: () => r.c.view.state,
    closed: () => isClosed(r.c),
    record: () => undefined,
    view: () => r.c.view,
    changed: () => undefined,
    actions: {
      escalate: { apply: apply(applyEscalation) },
      reassign: { apply: apply(applyReassignment) },
      'extend-deadline': { refusal: () => extendDeadlineRefusal(r.c), apply: apply(applyDeadlineExtension) },
    },
  });
}
