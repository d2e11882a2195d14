import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import {
  amendDeclaration,
  answerQuery,
  caseView,
  confirmExit,
  confirmPayment,
  DUPLICATE_PAYMENT,
  intelligenceHit,
  invalidateDeclaration,
  presentGoods,
  recordControlResult,
  recordPayment,
  reroute,
} from '../../contracts';
import {
  amendmentRefusal,
  applyAmendment,
  applyCancellation,
  applyControlResult,
  applyDeadlineExtension,
  applyEscalation,
  applyExitConfirmation,
  applyIntelligenceHit,
  applyInvalidation,
  applyPaymentOnce,
  applyPaymentReceived,
  applyPresentation,
  applyQueryAnswer,
  applyReassignment,
  applyRerouteRequest,
  applyRetry,
  applySupervisorRelease,
  controlResultRefusal,
  exitRefusal,
  extendDeadlineRefusal,
  invalidationRefusal,
  isClosing,
  paymentRefusal,
  paymentRepeat,
  presentationRefusal,
  queryAnswerRefusal,
  rerouteRefusal,
  retryRefusal,
  supervisorReleaseRefusal,
} from '../../domain/declaration';
import { refuse } from '../shell/case';
import { commandWiring } from '../shell/commands';
import { installSupervision } from '../shell/supervision';
import { commit, type Run } from './run';

/**
 * The query, the updates, the signals and the supervisor actions. Each update's validator is its
 * pure refusal and its handler its pure apply (domain/declaration); the main flow reacts to what
 * they set. Handlers never await: nothing runs between a check and its change.
 */
export function installHandlers(r: Run): void {
  const { apply, check } = commandWiring(r, (next) => commit(r, next));

  setHandler(caseView, () => r.c.view);
  setHandler(recordControlResult, apply(applyControlResult), check(controlResultRefusal));
  setHandler(reroute, apply(applyRerouteRequest), check(rerouteRefusal));
  setHandler(presentGoods, apply(applyPresentation), check(presentationRefusal));
  setHandler(amendDeclaration, apply(applyAmendment), check(amendmentRefusal));
  setHandler(invalidateDeclaration, apply(applyInvalidation), check(invalidationRefusal));
  setHandler(answerQuery, apply(applyQueryAnswer), check(queryAnswerRefusal));
  setHandler(confirmExit, apply(applyExitConfirmation), check(exitRefusal));
  const applyPay = apply(r.paymentsOnce ? applyPaymentOnce : applyPaymentReceived);
  setHandler(confirmPayment, (p) => void applyPay(p));
  setHandler(recordPayment, (p) => void applyPay(p), {
    validator: (p) => {
      if (paymentRepeat(r.c.view.paymentsReceived, p) === 'same')
        throw ApplicationFailure.create({
          type: DUPLICATE_PAYMENT,
          message: `payment ${p.reference} was already recorded`,
        });
      refuse(paymentRefusal(r.c.view, p));
    },
  });
  setHandler(intelligenceHit, (hit) => void apply(applyIntelligenceHit)(hit));

  installSupervision({
    kind: 'declaration',
    state: () => r.c.view.state,
    // A step that failed for good may be retried even when the case was closing (its last write).
    closed: (signal) => isClosing(r.c) && !(signal === 'retry' && r.c.failedStep),
    record: (e) => void r.shell.record(e),
    view: () => r.c.view,
    // No supervisor action changes state, channel or stuck mark; older histories upserted anyway.
    changed: () => {
      if (!r.lean) r.shell.upsertAttributes();
    },
    actions: {
      release: { refusal: () => supervisorReleaseRefusal(r.c), apply: apply(applySupervisorRelease) },
      escalate: { apply: apply(applyEscalation) },
      reassign: { apply: apply(applyReassignment) },
      'extend-deadline': { refusal: () => extendDeadlineRefusal(r.c), apply: apply(applyDeadlineExtension) },
      cancel: { apply: apply(applyCancellation) },
      retry: { refusal: () => retryRefusal(r.c), apply: apply(applyRetry) },
    },
  });
}
