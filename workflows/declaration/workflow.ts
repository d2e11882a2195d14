import { patched, workflowInfo } from '@temporalio/workflow';
import type { DeclarationInput, DeclarationView } from '../../contracts';
import { awaitsExit, newDeclarationCase } from '../../domain/declaration';
import { nowIso } from '../shell/case';
import { afterRelease } from './after-release';
import { clearance } from './clearance';
import { awaitExit } from './exit';
import { installHandlers } from './handlers';
import {
  end,
  endInvalidated,
  enter,
  flushAttributes,
  flushWrite,
  newRun,
  publish,
  transition,
  type Run,
} from './run';
import { waitIn } from './wait';

/**
 * The declaration process (docs/declaration-process.md):
 * LODGED -> ACCEPTED -> [AWAITING_PRESENTATION] -> RISK_ASSESSED (channel) -> [QUERIED] ->
 * [UNDER_CONTROL] -> DUTIES_ASSESSED -> [AWAITING_PAYMENT] -> RELEASED | NOT_RELEASED, with REJECTED
 * (pre-lodgement deadline), INVALIDATED, CANCELLED and HELD (amended declaration no longer valid,
 * duties not assessable: waits for an amendment). Every waiting state runs an SLA timer: stuck,
 * then escalated. A released export waits for its exit confirmation or exit deadline (exit.ts).
 */
export async function declarationWorkflow(input: DeclarationInput): Promise<DeclarationView> {
  // Decided once: a run begun since takes all seven changes below under this one marker, not seven
  // markers (each also a TemporalChangeVersion entry); older runs replay each change's own marker.
  const current = patched('declaration-baseline-2026-12');
  // Decided once: a history begun before the lean shape replays the old commands to its end.
  const lean = current || patched('declaration-lean-history');
  // Decided once: payments keyed by reference (a repeat counts once) from here on, not in older runs.
  const paymentsOnce = current || patched('declaration-payment-reference-once');
  // Decided once: a write that fails for good marks the case stuck and waits for a retry.
  const guarded = current || (lean && patched('declaration-stuck-on-failed-write'));
  // Decided once: vehicle, containers and TINs as search attributes, for intelligence alerts to find.
  const alertSubjects = current || patched('declaration-alert-subjects');
  // Decided once: one read-model write per workflow task, when the task waits or the run ends.
  const oneWrite = current || (guarded && patched('declaration-one-write-per-task'));
  // Decided once: a released export waits for its exit confirmation (exit.ts), not the window.
  const exportExit = current || (lean && patched('declaration-export-exit'));
  // Decided once: the first pass takes risk and duties from one local activity (clearance.ts).
  const oneAssessment = current || (oneWrite && patched('declaration-one-assessment'));
  const caseId = workflowInfo().workflowId;
  const patches = { lean, paymentsOnce, guarded, alertSubjects, oneWrite, exportExit, oneAssessment };
  const r = newRun(input, caseId, newDeclarationCase(input, caseId), patches);
  const c = r.c;
  installHandlers(r);

  transition(r, 'LODGED', input.lodgedBy, 'declaration lodged');
  c.acceptanceDate = nowIso().slice(0, 10);
  transition(r, 'ACCEPTED', 'system', `valid; MRN ${input.mrn} allocated`);
  await publish(r, 'accepted');

  if (!c.presented) {
    const type = input.declaration.additionalType;
    enter(
      r,
      'AWAITING_PRESENTATION',
      `pre-lodged (additional type ${type}): waiting for the goods to be presented`,
      { action: `present the goods at ${c.view.office}`, by: 'officer' },
      r.s.presentationDeadlineMs,
    );
    await publish(r);
    const waited = await waitIn(r, () => c.presented || !!c.invalidation);
    if (c.invalidation) await endInvalidated(r);
    else if (waited === 'deadline')
      await end(r, 'REJECTED', 'system', 'goods not presented before the pre-lodgement deadline');
    if (c.invalidation || waited === 'deadline') return done(r);
  }

  while ((await clearance(r)) === 'restart');
  if (r.exportExit && awaitsExit(c)) await awaitExit(r);
  else if (c.view.state === 'RELEASED') await afterRelease(r);
  return done(r);
}

/** The read model and the search attributes are current when the run ends, then the view is its result. */
function done(r: Run): DeclarationView | Promise<DeclarationView> {
  if (r.writeDue) return flushWrite(r).then(() => done(r));
  flushAttributes(r);
  return r.c.view;
}
