import { condition } from '@temporalio/workflow';
import { controlDecision } from '../../domain/transit/control';
import { invalidated } from '../../domain/transit/invalidation';
import { applyTirOperations } from '../../domain/transit/movement';
import { isoIn, nowIso } from '../shell/case';
import { sendAnticipatedRecords, send } from './exchange';
import { releaseReservation } from './guarantee';
import { commit, enter, publish, type Run } from './run';

/**
 * IE060 control decision; RED waits for the departure officer's control result. False: a non-conform
 * result refuses release (IE051) and the reservation is released; or the declaration was invalidated
 * while under control (IE014: the caller closes it).
 */
export async function departureControl(run: Run): Promise<boolean> {
  const { s, shell } = run;
  const view = s.view;
  const decision = controlDecision(s.declaration);
  view.channel = decision.channel;
  view.controlReasons = decision.reasons;
  shell.record({
    type: 'control-decision',
    actor: 'system',
    reason: `IE060 control decision ${decision.channel}: ${decision.reasons.join('; ')}`,
    data: { channel: decision.channel },
  });
  if (decision.channel !== 'RED') return true;
  enter(run, 'UNDER_CONTROL', 'system', 'examination at departure');
  view.pending = { action: 'record the control result at departure', by: 'officer' };
  await publish(run);
  await condition(() => s.control !== undefined || invalidated(s));
  view.pending = undefined;
  if (invalidated(s)) return false;
  const control = s.control!;
  if (control.result !== 'NON_CONFORM') return true;
  const reason = control.reason ?? 'control result non-conform';
  await releaseReservation(run);
  enter(run, 'NOT_RELEASED', control.officer, `IE051 no release: ${reason}`);
  await send(run, 'holder', 'IE051', { reason });
  return false;
}

/** IE029: seals, time limit, anticipated records; then the movement is on its way. */
export async function releaseForTransit(run: Run): Promise<void> {
  const { s, input } = run;
  const view = s.view;
  const departure = s.declaration.officeOfDeparture;
  view.deadlines.transitTimeLimit = isoIn(input.settings.timeLimitMs);
  enter(
    run,
    'RELEASED_FOR_TRANSIT',
    'system',
    `IE029 released for transit; seals ${view.seals.join(', ') || 'none'}; time limit ${view.deadlines.transitTimeLimit}`,
  );
  if (s.tir) {
    const start = { country: departure.slice(0, 2), action: 'started' as const, office: departure };
    commit(run, applyTirOperations(s, [start], 'system', nowIso()));
  }
  await sendAnticipatedRecords(run);
  view.pending = {
    action: 'notify arrival at the office of destination',
    by: 'officer',
    deadline: view.deadlines.transitTimeLimit,
  };
  await publish(run);
}
