import { condition } from '@temporalio/workflow';
import { hasArrived } from '../../domain/transit/movement';
import { isoIn, nowIso } from '../shell/case';
import { send } from './exchange';
import { releaseReservation } from './guarantee';
import { recover } from './recovery';
import { enter, publish, type Run } from './run';

/**
 * Waits for the arrival until the time limit; past it, the non-arrival enquiry (IE140) until its
 * response deadline. True: the goods arrived (on time, or late during the enquiry). False: the
 * movement was closed on the holder's proof or by recovery.
 */
export async function awaitArrival(run: Run): Promise<boolean> {
  const { s, input } = run;
  const view = s.view;
  const arrived = () => hasArrived(s);
  if (await condition(arrived, input.settings.timeLimitMs)) return true;
  view.deadlines.enquiryResponse = isoIn(input.settings.enquiryResponseMs);
  view.enquiry = { openedAt: nowIso() };
  enter(
    run,
    'ENQUIRY',
    'system',
    `transit time limit passed without arrival: IE140 enquiry to the holder, answer by ${view.deadlines.enquiryResponse}`,
  );
  view.pending = {
    action: 'answer the non-arrival enquiry',
    by: 'holder',
    deadline: view.deadlines.enquiryResponse,
  };
  await send(run, 'holder', 'IE140', {
    timeLimit: view.deadlines.transitTimeLimit,
    responseDeadline: view.deadlines.enquiryResponse,
  });
  await send(run, `office:${s.declaration.officeOfDestination}`, 'IE140', {
    timeLimit: view.deadlines.transitTimeLimit,
  });
  await publish(run);
  await condition(() => arrived() || s.enquiryAnswered, input.settings.enquiryResponseMs);
  view.pending = undefined;
  if (arrived()) return true;
  const answer = view.enquiry.answer;
  if (answer?.proof) {
    await releaseReservation(run);
    view.closure = 'ENQUIRY_PROOF';
    enter(
      run,
      'WRITTEN_OFF',
      answer.by,
      `IE045 write-off on alternative proof: ${answer.proof.kind} ${answer.proof.reference}`,
    );
    await send(run, 'holder', 'IE045', { closure: 'ENQUIRY_PROOF', proof: answer.proof });
    return false;
  }
  await recover(run, 'NON_ARRIVAL', []);
  return false;
}

/**
 * IE006 and IE043 once arrived, then the unloading remarks (IE044); discrepancies wait for their
 * resolution until the deadline, else recovery on the items named. Ends WRITTEN_OFF either way.
 */
export async function unloadAndWriteOff(run: Run): Promise<void> {
  const { s, shell, input } = run;
  const view = s.view;
  const t = s.declaration;
  view.pending = { action: 'record unloading remarks', by: 'officer' };
  await send(run, `office:${t.officeOfDeparture}`, 'IE006', { arrival: view.arrival });
  await send(run, `office:${t.officeOfDestination}`, 'IE043', {
    unloadingPermission: true,
    seals: view.seals,
  });
  await publish(run);
  await condition(() => view.unloading !== undefined);
  view.pending = undefined;
  const unloading = view.unloading!;
  if (!unloading.conform) {
    view.deadlines.discrepancyResolution = isoIn(input.settings.discrepancyResolutionMs);
    view.pending = {
      action: 'resolve the discrepancies',
      by: 'officer',
      deadline: view.deadlines.discrepancyResolution,
    };
    await send(run, `office:${t.officeOfDeparture}`, 'IE019', { discrepancies: unloading.discrepancies });
    await publish(run);
    const ok = await condition(() => s.resolved, input.settings.discrepancyResolutionMs);
    view.pending = undefined;
    if (!ok) {
      shell.record({
        type: 'discrepancies-unresolved',
        actor: 'system',
        reason: 'discrepancies not resolved in time',
      });
      const seqs = unloading.discrepancies.map((d) => d.itemSeq).filter((q): q is number => q !== undefined);
      await recover(run, 'UNRESOLVED_DISCREPANCIES', seqs);
      return;
    }
  }
  await releaseReservation(run);
  view.closure = 'ARRIVAL';
  enter(run, 'WRITTEN_OFF', unloading.by, 'IE045 write-off: arrived and unloaded');
  await send(run, `office:${t.officeOfDeparture}`, 'IE045', { closure: 'ARRIVAL' });
  await send(run, 'holder', 'IE025', { goodsReleased: true });
}
