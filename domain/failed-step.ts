import type { SupervisorAction } from '../contracts/supervision';
import type { TimelineEvent } from '../contracts/timeline';

/*
 * A step whose activity failed for good (issue 13, point 5), shared by every process: the case is
 * marked stuck with the reason and waits until the step is retried. The declaration keeps the failed
 * step in its case value (domain/declaration/supervision.ts), the other processes in their case
 * shell (workflows/shell/case.ts); both build the same timeline entries and the same refusal here.
 */

/** A step whose activity failed for good: the case is stuck on it until it is retried. */
export interface FailedStep {
  step: string;
  reason: string;
  /** The database refused the data: only a fix and a supervisor's retry help (no automatic retry). */
  dataError: boolean;
}

type NewEvent = Omit<TimelineEvent, 'seq' | 'at'>;

/** The timeline entry of a failed step; the reason is cut to what the read model stores. */
export function stepFailedEvent(state: string, failed: FailedStep): NewEvent {
  return {
    type: 'step-failed',
    state,
    actor: 'system',
    reason: `${failed.step} failed: ${failed.reason}`.slice(0, 500),
    data: { step: failed.step, dataError: failed.dataError },
  };
}

/** Why a retry does not apply (nothing failed), or undefined when it does. */
export function retryRefusal(
  failed: FailedStep | undefined,
  state: string,
  stuck: boolean,
): string | undefined {
  return failed
    ? undefined
    : `retry applies to a case stuck on a failed step; the case is ${state}${stuck ? ' and stuck on its SLA' : ''}`;
}

/** The timeline entry of a retry (a supervisor's, or the automatic one after a transient failure). */
export function retryEvent(state: string, a: SupervisorAction, failed: FailedStep | undefined): NewEvent {
  return { type: 'retry', state, actor: a.actor, reason: a.reason, data: { step: failed?.step } };
}
