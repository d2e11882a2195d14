import { condition } from '@temporalio/workflow';
import { isoAt } from '../shell/case';
import { waitWithSla } from '../shell/sla';
import { acts } from './proxies';
import { attributesChanged, flushAttributes, flushWrite, publish, type Run } from './run';

/**
 * Waits for `done` until the timeout: the read model and the search attributes are current before
 * the task ends. Runs without a write due take the same path as before, tick for tick.
 */
export function waitFor(r: Run, done: () => boolean, timeoutMs: number): Promise<boolean> {
  if (r.writeDue) return flushWrite(r).then(() => waitFor(r, done, timeoutMs));
  flushAttributes(r);
  return condition(done, timeoutMs);
}

/**
 * Waits in the state entered last for `done`; 'deadline' when its business deadline passes. The
 * first SLA breach marks the case stuck and notifies the supervisor, the second escalates.
 */
export function waitIn(r: Run, done: () => boolean): Promise<'done' | 'deadline'> {
  if (r.writeDue) return flushWrite(r).then(() => waitIn(r, done));
  flushAttributes(r);
  const c = r.c;
  return waitWithSla(c.waiting, done, {
    rescheduled: () => c.rescheduled,
    clearRescheduled: () => {
      c.rescheduled = false;
    },
    breach: async (w, n) => {
      const v = c.view;
      if (n === 1) r.shell.markStuck(w.state);
      else {
        v.escalations += 1;
        r.shell.record({
          type: 'escalated',
          state: w.state,
          actor: 'system',
          reason: `SLA breached again in ${w.state}`,
        });
      }
      if (w.deadlineAt === undefined && v.pending)
        v.pending.deadline = n < 2 ? isoAt(w.nextBreach) : undefined;
      attributesChanged(r);
      flushAttributes(r);
      const last = r.shell.last();
      await acts.notifySupervisor({
        caseId: r.caseId,
        mrn: v.mrn,
        office: v.office,
        state: w.state,
        kind: n === 1 ? 'stuck' : 'escalated',
        seq: last.seq,
        at: last.at,
        reason: last.reason ?? '',
      });
      await publish(r);
      // The breach happens while the main flow waits: nothing else would write it.
      if (r.writeDue) await flushWrite(r);
    },
  });
}
