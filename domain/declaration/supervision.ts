import type { SupervisorAction } from '../../contracts/supervision';
import {
  retryEvent,
  retryRefusal as failedStepRefusal,
  stepFailedEvent,
  type FailedStep,
} from '../failed-step';
import { withEvent, type DeclarationCase } from './case';

/*
 * The supervisor actions a declaration takes (release from control, escalate, reassign, extend the
 * pending deadline, cancel, retry a failed step), as refusal/apply pairs in the shape of commands.ts. The generic checks
 * (role, reason, closed case) run first, in workflows/shell/supervision.ts.
 */

const isoAt = (ms: number) => new Date(ms).toISOString();

export function supervisorReleaseRefusal(c: DeclarationCase): string | undefined {
  return c.view.state !== 'UNDER_CONTROL' || c.control || c.supervisorRelease
    ? `release applies to a case waiting for a control result; the case is ${c.view.state} (duties must still be paid or secured)`
    : undefined;
}

/** Ends the pending control as conform: the case goes on to duties and payment. */
export function applySupervisorRelease(c: DeclarationCase, a: SupervisorAction, at: string): DeclarationCase {
  return {
    ...c,
    supervisorRelease: { actor: a.actor, reason: a.reason },
    control: {
      office: c.view.office,
      officerId: a.actor,
      controlType: c.view.control?.type ?? 'DOCUMENTARY',
      outcome: 'CONFORM',
      findings: [],
      remarks: `released from control by supervisor: ${a.reason}`,
      completedAt: at,
      refuseRelease: false,
    },
    view: withEvent(
      c.view,
      { type: 'supervisor-release', state: c.view.state, actor: a.actor, reason: a.reason },
      at,
    ),
  };
}

export function applyEscalation(c: DeclarationCase, a: SupervisorAction, at: string): DeclarationCase {
  const view = { ...c.view, escalations: c.view.escalations + 1 };
  return {
    ...c,
    view: withEvent(view, { type: 'escalated', state: c.view.state, actor: a.actor, reason: a.reason }, at),
  };
}

export function applyReassignment(c: DeclarationCase, a: SupervisorAction, at: string): DeclarationCase {
  const view = { ...c.view, assignedTo: a.assignee };
  const e = {
    type: 'reassigned',
    state: c.view.state,
    actor: a.actor,
    reason: a.reason,
    data: { assignee: a.assignee },
  };
  return { ...c, view: withEvent(view, e, at) };
}

export function extendDeadlineRefusal(c: DeclarationCase): string | undefined {
  return c.waiting.state !== c.view.state || !c.view.pending
    ? `no deadline is pending: the case is ${c.view.state}`
    : undefined;
}

/** Moves the business deadline if the state has one, else the SLA clock; the wait starts again. */
export function applyDeadlineExtension(c: DeclarationCase, a: SupervisorAction, at: string): DeclarationCase {
  const w = c.waiting;
  const by = a.extendByMs!;
  const waiting =
    w.deadlineAt !== undefined
      ? { ...w, deadlineAt: w.deadlineAt + by }
      : { ...w, nextBreach: w.nextBreach + by };
  const deadline = c.view.pending ? isoAt(waiting.deadlineAt ?? waiting.nextBreach) : undefined;
  const view = c.view.pending ? { ...c.view, pending: { ...c.view.pending, deadline } } : c.view;
  const e = {
    type: 'deadline-extended',
    state: c.view.state,
    actor: a.actor,
    reason: a.reason,
    data: { extendByMs: a.extendByMs, deadline: view.pending?.deadline },
  };
  return { ...c, waiting, rescheduled: true, view: withEvent(view, e, at) };
}

/** Rides the invalidation path, which every wait already watches; it ends in CANCELLED. */
export function applyCancellation(c: DeclarationCase, a: SupervisorAction, at: string): DeclarationCase {
  return {
    ...c,
    cancellation: { actor: a.actor, reason: a.reason },
    invalidation: { by: 'customs', actor: a.actor, reason: a.reason },
    view: withEvent(
      c.view,
      { type: 'cancel-requested', state: c.view.state, actor: a.actor, reason: a.reason },
      at,
    ),
  };
}

/** A step failed for good: the case is stuck with the reason until the step is retried. */
export function applyStepFailure(c: DeclarationCase, failed: FailedStep, at: string): DeclarationCase {
  const view = { ...c.view, stuck: true, stuckSince: at };
  return { ...c, failedStep: failed, view: withEvent(view, stepFailedEvent(c.view.state, failed), at) };
}

export function retryRefusal(c: DeclarationCase): string | undefined {
  return failedStepRefusal(c.failedStep, c.view.state, c.view.stuck);
}

/** The failed step runs again (a supervisor's retry, or the automatic one after a transient failure). */
export function applyRetry(c: DeclarationCase, a: SupervisorAction, at: string): DeclarationCase {
  const { failedStep, ...rest } = c;
  const view = { ...c.view, stuck: false, stuckSince: undefined };
  return { ...rest, view: withEvent(view, retryEvent(c.view.state, a, failedStep), at) };
}
