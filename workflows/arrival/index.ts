import { condition, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import { caseActivities as acts } from '../shell/proxies';
import {
  CaseKind,
  CaseState,
  Country,
  Office,
  Stuck,
  StuckSince,
  arrivalRecordView,
  exchangeMessage,
  type ArrivalRecordInput,
  type ArrivalRecordState,
  type ArrivalRecordView,
} from '../../contracts';
import {
  applyMessage,
  arrivalRecordClosed,
  newArrivalRecord,
  receiveMessage,
} from '../../domain/transit/arrival-record';
import { CaseShell, nowIso } from '../shell/case';
import { retryAction, shellGuard, untilDone } from '../shell/failed-step';
import { installSupervision } from '../shell/supervision';

/**
 * The office of destination's side of a transit movement (`arrival/<MRN>`). The departure side's
 * process starts it with signal-with-start when it releases the movement (the anticipated arrival
 * record) and signals it with what follows: unloading permission once the goods arrived (IE043), the
 * non-arrival enquiry (IE140) and the write-off (IE045), which closes it. It decides nothing about the
 * movement: the movement's rules stay in `transitWorkflow`. A message id seen before is ignored, so a
 * redelivered message changes nothing (domain/transit/arrival-record.ts). In runs since
 * `arrival-stuck-on-failed-write`, a read-model write that fails for good (a data error) marks the
 * record stuck with the reason until a supervisor's `retry` (workflows/shell/failed-step.ts). See
 * docs/transit.md.
 */
export async function arrivalRecordWorkflow(input: ArrivalRecordInput): Promise<ArrivalRecordView> {
  // Decided once: older runs fail on a refused write as they did.
  const guarded = patched('arrival-stuck-on-failed-write');
  const r = newArrivalRecord(input, workflowInfo().workflowId);
  const shell = new CaseShell<ArrivalRecordView>(r.view, {
    attributes: (v) => [
      { key: CaseKind, value: 'arrival' },
      { key: CaseState, value: v.state },
      { key: Office, value: v.office },
      { key: Country, value: v.country },
      { key: Stuck, value: v.stuck },
      // Records started before the guard never set StuckSince: their histories upsert without it.
      ...(guarded ? [{ key: StuckSince, value: v.stuckSince ? new Date(v.stuckSince) : null }] : []),
    ],
    columns: (v) => ({
      businessId: v.mrn,
      office: v.office,
      country: v.country,
      details: { movementCaseId: v.movementCaseId, expectedBy: v.expectedBy, closure: v.closure },
    }),
  });

  setHandler(arrivalRecordView, () => r.view);
  setHandler(exchangeMessage, (m) => void receiveMessage(r, m));
  installSupervision({
    kind: 'arrival record',
    state: () => r.view.state,
    // A write that failed for good may be retried even when the record was closing (its last write).
    closed: (signal) => arrivalRecordClosed(r) && !(signal === 'retry' && shell.failedStep),
    record: (e) => shell.record(e),
    view: () => r.view,
    changed: () => undefined,
    actions: { retry: retryAction(shell) },
  });
  const guard = shellGuard(shell);

  for (;;) {
    await condition(() => r.inbox.length > 0);
    while (r.inbox.length) {
      for (const e of applyMessage(r, r.inbox.shift()!, nowIso())) {
        if (e.type === 'state') shell.enter(e.state as ArrivalRecordState, e.actor, e.reason ?? '');
        else shell.record(e);
      }
    }
    shell.upsertAttributes();
    if (guarded) await untilDone('read-model write', () => shell.project((p) => acts.projectCase(p)), guard);
    else await acts.projectCase(shell.projection());
    if (arrivalRecordClosed(r)) return r.view;
  }
}
