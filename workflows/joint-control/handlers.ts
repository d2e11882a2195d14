import { setHandler } from '@temporalio/workflow';
import {
  acceptJointEntry,
  bookJointInspection,
  jointControlView,
  recordEntryReinspection,
  recordJointInspection,
  requestEntryReinspection,
} from '../../contracts';
import {
  acceptEntryRefusal,
  applyAcceptEntry,
  applyBookInspection,
  applyEscalation,
  applyRecordInspection,
  applyRecordReinspection,
  applyReinspection,
  bookInspectionRefusal,
  isClosed,
  recordInspectionRefusal,
  recordReinspectionRefusal,
  reinspectionRefusal,
  withEvent,
} from '../../domain/joint-control';
import { nowIso } from '../shell/case';
import { commandWiring } from '../shell/commands';
import { retryAction } from '../shell/failed-step';
import { installSupervision } from '../shell/supervision';
import { commit, type Run } from './run';

/**
 * The query, the officers' five updates and the supervisor actions. Each update's validator is its
 * pure refusal and its handler its pure apply (domain/joint-control); the main flow reacts.
 */
export function installHandlers(r: Run): void {
  const { apply, check } = commandWiring(r, (next) => commit(r, next));

  setHandler(jointControlView, () => r.c.view);
  setHandler(bookJointInspection, apply(applyBookInspection), check(bookInspectionRefusal));
  setHandler(recordJointInspection, apply(applyRecordInspection), check(recordInspectionRefusal));
  setHandler(acceptJointEntry, apply(applyAcceptEntry), check(acceptEntryRefusal));
  setHandler(requestEntryReinspection, apply(applyReinspection), check(reinspectionRefusal));
  setHandler(recordEntryReinspection, apply(applyRecordReinspection), check(recordReinspectionRefusal));

  // Release and cancel have no meaning here: the two sides decide, by their commands.
  installSupervision({
    kind: 'joint control',
    state: () => r.c.view.state,
    closed: () => isClosed(r.c),
    record: (e) => commit(r, withEvent(r.c, e, nowIso())),
    view: () => r.c.view,
    changed: () => undefined,
    // Retry: a side decision that failed for good (guarded runs); refused when nothing failed.
    actions: { escalate: { apply: apply(applyEscalation) }, retry: retryAction(r.shell) },
  });
}
