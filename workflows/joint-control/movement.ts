import { getExternalWorkflowHandle } from '@temporalio/workflow';
import { jointControlOpened } from '../../contracts';
import { applyMovementNotTold } from '../../domain/joint-control';
import { nowIso } from '../shell/case';
import { commit, type Run } from './run';

/**
 * Tells the movement its crossings at the two posts are now recorded by this joint control. An
 * export's declaration has no post guard to tell: its exit is confirmed once, by whoever comes first.
 */
export async function tellMovement(r: Run): Promise<void> {
  if (r.input.movement.kind !== 'transit') return;
  const notice = {
    jointControl: r.caseId,
    border: r.input.border,
    offices: [r.input.exit.office, r.input.entry.office],
  };
  try {
    await getExternalWorkflowHandle(`transit/${r.input.movement.mrn}`).signal(jointControlOpened, notice);
  } catch (err) {
    // A movement closed since the arrival was recorded: the joint control goes on, its crossings
    // will be refused and kept with the movement's reason.
    commit(r, applyMovementNotTold(r.c, (err as Error).message, nowIso()));
  }
}
