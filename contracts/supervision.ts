import { defineUpdate } from '@temporalio/workflow';

/**
 * What a supervisor may do to any case; each workflow validates it against its own state. `retry`
 * runs again a step that failed for good (docs/declaration-process.md, "A write that fails for
 * good"; docs/transit.md, "A step that fails for good").
 */
export const SUPERVISOR_SIGNALS = [
  'release',
  'escalate',
  'reassign',
  'extend-deadline',
  'cancel',
  'retry',
] as const;
export type SupervisorSignal = (typeof SUPERVISOR_SIGNALS)[number];

export interface SupervisorAction {
  signal: SupervisorSignal;
  reason: string;
  /** Who (token subject) and in which role. */
  actor: string;
  role: string;
  /** reassign: the office or officer that takes the case over. */
  assignee?: string;
  /** extend-deadline: milliseconds added to the pending deadline. */
  extendByMs?: number;
}

/** Returns the case view after the action, as the `caseView` query would. */
export const supervise = defineUpdate<unknown, [SupervisorAction]>('supervise');
