import { condition, patched } from '@temporalio/workflow';
import type { JointControlInput, JointControlView, JointControlState, SideDecision } from '../../contracts';
import {
  applyArrival,
  applyCrossingOutcome,
  applyDecisions,
  applySlaBreach,
  isClosed,
} from '../../domain/joint-control';
import { nowIso } from '../shell/case';
import { shellGuard, untilDone } from '../shell/failed-step';
import { watchSla } from '../shell/sla';
import { installHandlers } from './handlers';
import { tellMovement } from './movement';
import { acts, commit, newRun, publish, risk, unpublished, type Run } from './run';

const WAITING: readonly JointControlState[] = [
  'AWAITING_INSPECTION',
  'INSPECTION_BOOKED',
  'EXIT_CONFIRMED',
  'ENTRY_REINSPECTION',
];

/**
 * Joint control at facing border posts (`joint-control/<border>/<MRN>`): arrival at the exit post,
 * each administration's risk decision by its own profile (the stricter channel applies), then either
 * no stop (sealed, green, AEO) or one joint inspection whose result both sides recognise; the entry
 * side accepts or inspects again with a reason. Exit and entry are recorded on the movement's own
 * process as its crossings. See docs/joint-control.md.
 */
export async function jointControlWorkflow(input: JointControlInput): Promise<JointControlView> {
  // Decided once: a side decision that fails for good marks the case stuck and waits for a retry.
  const guarded = patched('joint-control-stuck-on-failed-decision');
  const r = newRun(input, guarded);
  installHandlers(r);
  commit(r, applyArrival(r.c, nowIso()));
  void watchSla({
    closed: () => isClosed(r.c),
    entries: () => r.c.entered,
    state: () => r.c.view.state,
    slaOf: (state) => (WAITING.includes(state as JointControlState) ? input.settings.slaMs : undefined),
    breach: async (_state, n) => commit(r, applySlaBreach(r.c, n, nowIso())),
  });
  await publish(r);
  await tellMovement(r);
  const [exit, entry] = await Promise.all([decide(r, 'exit'), decide(r, 'entry')]);
  commit(r, applyDecisions(r.c, { exit, entry }, nowIso()));

  for (;;) {
    await publish(r);
    if (unpublished(r)) continue;
    const crossing = r.c.crossings[0];
    if (crossing) {
      commit(r, applyCrossingOutcome(r.c, await acts.recordMovementCrossing(crossing), nowIso()));
      continue;
    }
    if (isClosed(r.c)) break;
    await condition(() => unpublished(r) || r.c.crossings.length > 0);
  }
  return r.c.view;
}

/**
 * One side's decision. A side without a risk profile or selection key fails for good: in guarded runs
 * the case is then stuck with the reason until a supervisor's `retry` once the profile is there;
 * older runs failed the workflow.
 */
function decide(r: Run, side: 'exit' | 'entry'): Promise<SideDecision> {
  const attempt = () =>
    risk.assessJointRisk({
      side: r.input[side],
      movement: r.input.movement,
      goods: r.input.goods,
      seed: r.caseId,
      eventKey: `${r.caseId}/risk/${side}`,
    });
  return r.guarded ? untilDone(`${side} side's risk decision`, attempt, shellGuard(r.shell)) : attempt();
}
