import { setHandler } from '@temporalio/workflow';
import {
  SUPERVISOR_SIGNALS,
  supervise,
  type SupervisorAction,
  type SupervisorSignal,
} from '../../contracts/supervision';
import type { TimelineEvent } from '../../contracts/timeline';

/** One supervisor action a process supports: when it is refused, and what it does. */
export interface SupervisedAction {
  /** Why the action is not possible now, or undefined when it is. */
  refusal?: () => string | undefined;
  apply: (a: SupervisorAction) => void;
}

export interface Supervision {
  kind: string;
  state: () => string;
  /** A closed case takes no supervisor action (a process may keep one open, e.g. a retry). */
  closed: (signal: SupervisorSignal) => boolean;
  record: (e: Omit<TimelineEvent, 'seq' | 'at'>) => void;
  view: () => unknown;
  /** Called after every applied action: republish search attributes, wake the main loop. */
  changed: () => void;
  /** The process-specific actions; escalate and reassign have generic defaults. */
  actions: Partial<Record<SupervisorSignal, SupervisedAction>>;
}

/**
 * Registers the `supervise` update (release | escalate | reassign | extend-deadline | cancel | retry). The
 * validator rejects, before anything reaches history, an unknown action, a missing reason, a closed
 * case and an action the process does not allow in its state; the API answers those with 409.
 * Every applied action lands in the timeline with who and why.
 */
export function installSupervision(s: Supervision): void {
  const generic: Partial<Record<SupervisorSignal, SupervisedAction>> = {
    escalate: {
      apply: (a) => s.record({ type: 'escalated', state: s.state(), actor: a.actor, reason: a.reason }),
    },
    reassign: {
      refusal: () => undefined,
      apply: (a) =>
        s.record({
          type: 'reassigned',
          state: s.state(),
          actor: a.actor,
          reason: a.reason,
          data: { assignee: a.assignee },
        }),
    },
  };
  const actionFor = (signal: SupervisorSignal) => s.actions[signal] ?? generic[signal];

  setHandler(
    supervise,
    (a) => {
      actionFor(a.signal)!.apply(a);
      s.changed();
      return s.view();
    },
    {
      validator: (a) => {
        if (!(SUPERVISOR_SIGNALS as readonly string[]).includes(a.signal))
          throw new Error(`unknown supervisor action ${String(a.signal)}`);
        if (a.role !== 'supervisor') throw new Error(`only a supervisor may ${a.signal} a case`);
        if (!a.reason || a.reason.trim().length < 3) throw new Error('a reason is required');
        if (s.closed(a.signal))
          throw new Error(`the ${s.kind} is closed (${s.state()}); no supervisor action applies`);
        const action = actionFor(a.signal);
        if (!action) throw new Error(`${a.signal} does not apply to a ${s.kind}`);
        if (a.signal === 'reassign' && !a.assignee) throw new Error('reassign needs an assignee');
        if (a.signal === 'extend-deadline' && !(a.extendByMs && a.extendByMs > 0))
          throw new Error('extend-deadline needs a positive extension');
        const refusal = action.refusal?.();
        if (refusal) throw new Error(refusal);
      },
    },
  );
}
