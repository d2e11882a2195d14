import { actingOffice, type TransitWaitingState } from '../../domain/transit/rules';
import { movementClosed } from '../../domain/transit/movement';
import { watchSla } from '../shell/sla';
import { acts } from './proxies';
import { publish, step, type Run } from './run';

/**
 * Runs beside the process for its whole life: in each waiting state with an SLA, the first breach
 * marks the movement stuck and notifies the supervisor of the office acting in that state, the
 * second escalates; leaving the state clears the mark. A state's business deadline (time limit,
 * enquiry, amendment, discrepancies) is the main flow's, not this watcher's.
 */
export function watchMovementSla(run: Run): Promise<void> {
  const { s, shell, input } = run;
  const sla: Partial<Record<string, number>> = input.settings.slaByStateMs ?? {};
  const t = s.declaration;
  return watchSla({
    closed: () => movementClosed(s),
    entries: () => s.entered,
    state: () => s.view.state,
    slaOf: (state) => sla[state],
    breach: async (state, n) => {
      if (n === 1) shell.markStuck(state);
      else {
        s.view.escalations = (s.view.escalations ?? 0) + 1;
        shell.record({ type: 'escalated', state, actor: 'system', reason: `SLA breached again in ${state}` });
      }
      const last = shell.last();
      const office = actingOffice(state as TransitWaitingState, t.officeOfDeparture, t.officeOfDestination);
      const notice = {
        caseId: run.caseId,
        mrn: input.mrn,
        office,
        state,
        kind: n === 1 ? ('stuck' as const) : ('escalated' as const),
        seq: last.seq,
        at: last.at,
        reason: last.reason ?? '',
      };
      await step(run, 'supervisor notice', () => acts.notifySupervisor(notice));
      await publish(run);
    },
  });
}
