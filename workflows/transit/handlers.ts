import { setHandler } from '@temporalio/workflow';
import {
  amendTransitGuarantee,
  answerEnquiry,
  notifyArrival,
  recordBorderCrossing,
  recordDepartureControl,
  recordIncident,
  presentTransitGoods,
  recordUnloadingRemarks,
  requestInvalidation,
  resolveDiscrepancies,
  transitView,
} from '../../contracts';
import { applyInvalidation, invalidationRefusal } from '../../domain/transit/invalidation';
import { applyPresentation, presentationRefusal } from '../../domain/transit/presentation';
import {
  applyArrival,
  applyBorderCrossing,
  applyDepartureControl,
  applyEnquiryAnswer,
  applyGuaranteeAmendment,
  applyIncident,
  applyResolution,
  applyUnloadingRemarks,
  arrivalNotificationRefusal,
  borderCrossingRefusal,
  departureControlRefusal,
  discrepancyResolutionRefusal,
  enquiryAnswerRefusal,
  guaranteeAmendmentRefusal,
  incidentReportRefusal,
  unloadingRemarksRefusal,
} from '../../domain/transit/commands';
import { movementClosed } from '../../domain/transit/movement';
import { nowIso, refuse } from '../shell/case';
import { retryAction } from '../shell/failed-step';
import { installSupervision } from '../shell/supervision';
import { installJointPostGuard } from './joint-post';
import { alertHoldOn, noteCrossing } from './alerts';
import { commit, type Run } from './run';

/**
 * The movement's query and updates. Each update is the domain pair: the validator throws the
 * refusal (nothing reaches history), the handler applies the command and records what it made. A
 * handler changes the state at once (arrival, discrepancies), so a repeated message is refused by
 * the next validator before the main flow has run its side effects.
 */
export function installHandlers(run: Run): void {
  const { s, shell } = run;
  const view = () => s.view;

  setHandler(transitView, view);
  const jointPost = installJointPostGuard(run);

  // Escalate and reassign are recorded, retry runs a failed step again; release and cancel of a
  // movement go through the NCTS messages (control result, arrival, enquiry), so the supervisor
  // update refuses them.
  installSupervision({
    kind: 'transit movement',
    state: () => s.view.state,
    // A step that failed for good may be retried even when the movement was closing (its last write).
    closed: (signal) => movementClosed(s) && !(signal === 'retry' && shell.failedStep),
    record: (e) => shell.record(e),
    view,
    changed: () => undefined,
    actions: { retry: retryAction(shell) },
  });

  setHandler(
    amendTransitGuarantee,
    (a) => {
      commit(run, applyGuaranteeAmendment(s, a));
      return s.view;
    },
    { validator: (a) => refuse(guaranteeAmendmentRefusal(s, a)) },
  );
  setHandler(
    recordDepartureControl,
    (c) => {
      commit(run, applyDepartureControl(s, c));
      return s.view;
    },
    { validator: (c) => refuse(departureControlRefusal(s, c)) },
  );
  setHandler(
    recordBorderCrossing,
    (c) => {
      commit(run, applyBorderCrossing(s, c, nowIso()));
      noteCrossing(run, c);
      return s.view;
    },
    {
      validator: (c) =>
        refuse(alertHoldOn(run, 'border crossing') ?? borderCrossingRefusal(s, c) ?? jointPost(c)),
    },
  );
  setHandler(
    recordIncident,
    (i) => {
      commit(run, applyIncident(s, i, nowIso()));
      return s.view;
    },
    { validator: (i) => refuse(incidentReportRefusal(s, i)) },
  );
  setHandler(
    notifyArrival,
    (a) => {
      commit(run, applyArrival(s, a, nowIso()));
      return s.view;
    },
    { validator: (a) => refuse(alertHoldOn(run, 'arrival') ?? arrivalNotificationRefusal(s, a)) },
  );
  setHandler(
    recordUnloadingRemarks,
    (u) => {
      commit(run, applyUnloadingRemarks(s, u, nowIso()));
      return s.view;
    },
    { validator: (u) => refuse(unloadingRemarksRefusal(s, u)) },
  );
  setHandler(
    resolveDiscrepancies,
    (r) => {
      commit(run, applyResolution(s, r));
      return s.view;
    },
    { validator: (r) => refuse(discrepancyResolutionRefusal(s, r)) },
  );
  setHandler(
    answerEnquiry,
    (e) => {
      commit(run, applyEnquiryAnswer(s, e, nowIso()));
      return s.view;
    },
    { validator: (_e) => refuse(enquiryAnswerRefusal(s)) },
  );
  setHandler(
    requestInvalidation,
    (r) => {
      commit(run, applyInvalidation(s, r, nowIso()));
      return s.view;
    },
    {
      validator: (_r) =>
        refuse(
          run.invalidation
            ? invalidationRefusal(s)
            : 'invalidation refused: this movement was lodged before Clearway handled invalidation',
        ),
    },
  );
  setHandler(
    presentTransitGoods,
    (p) => {
      commit(run, applyPresentation(s, p, nowIso()));
      return s.view;
    },
    {
      validator: (p) =>
        refuse(
          run.presentation
            ? presentationRefusal(s, p)
            : 'presentation refused: this movement was lodged before Clearway had a presentation step (it was not held for one)',
        ),
    },
  );
}
