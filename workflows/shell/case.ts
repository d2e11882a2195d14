import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { upsertSearchAttributes } from '@temporalio/workflow';
import type { CaseProjection } from '../../contracts/projection';
import type { SupervisorAction } from '../../contracts/supervision';
import type { TimelineEvent } from '../../contracts/timeline';
import { retryEvent, stepFailedEvent, type FailedStep } from '../../domain/failed-step';

/** Workflow time, deterministic in replay. */
export const nowIso = (): string => new Date(Date.now()).toISOString();
export const isoAt = (ms: number): string => new Date(ms).toISOString();
export const isoIn = (ms: number): string => new Date(Date.now() + ms).toISOString();

/** A validator's refusal: thrown, it rejects the update before anything reaches history. */
export function refuse(reason: string | undefined): void {
  if (reason) throw new Error(reason);
}

export type NewEvent = Omit<TimelineEvent, 'seq' | 'at'>;

/** What every case view has, whatever its process. */
export interface ShellCase {
  caseId: string;
  kind: string;
  state: string;
  stuck: boolean;
  stuckSince?: string;
  timeline: TimelineEvent[];
}

export interface CaseDescription<V> {
  /** The search attributes as they stand (each upsert is a command: callers decide when). */
  attributes: (view: V) => SearchAttributeUpdatePair[];
  /** The read-model columns and details beside state, stuck and the timeline. */
  columns: (
    view: V,
  ) => Omit<
    CaseProjection,
    'caseId' | 'kind' | 'state' | 'stuck' | 'stuckSince' | 'version' | 'createdAt' | 'events'
  >;
}

/**
 * The shell every process shares: the append-only timeline (what, when, who, why), state changes,
 * the stuck mark, search attributes and the read-model projection of what changed since the last
 * one. It issues commands only when asked (`upsertAttributes`, and the caller's own activities), so
 * each process keeps the order of commands its histories recorded.
 */
export class CaseShell<V extends ShellCase> {
  private projected = 0;
  /** Set while the case is stuck on a step that failed for good (failed-step.ts); a retry clears it. */
  failedStep?: FailedStep;

  constructor(
    readonly view: V,
    private readonly describe: CaseDescription<V>,
  ) {}

  record(e: NewEvent): TimelineEvent {
    const event = { seq: this.view.timeline.length + 1, at: nowIso(), ...e };
    this.view.timeline.push(event);
    return event;
  }

  last(): TimelineEvent {
    return this.view.timeline[this.view.timeline.length - 1];
  }

  /** Enters `state`: leaving a state clears the stuck mark (not that of a failed step: only a retry does). */
  enter(state: V['state'], actor: string, reason: string, data?: Record<string, unknown>): TimelineEvent {
    this.view.state = state;
    this.clearStuck();
    return this.record({ type: 'state', state, actor, reason, ...(data ? { data } : {}) });
  }

  markStuck(state: string): TimelineEvent {
    this.view.stuck = true;
    this.view.stuckSince = nowIso();
    return this.record({
      type: 'sla-breach',
      state,
      actor: 'system',
      reason: `no progress in ${state} within SLA`,
    });
  }

  /** A step failed for good: the case is stuck with the reason until the step is retried. */
  failStep(failed: FailedStep): TimelineEvent {
    this.failedStep = failed;
    this.view.stuck = true;
    this.view.stuckSince = nowIso();
    return this.record(stepFailedEvent(this.view.state, failed));
  }

  /** The failed step runs again (a supervisor's `retry`). */
  retryStep(a: SupervisorAction): TimelineEvent {
    const failed = this.failedStep;
    this.failedStep = undefined;
    this.clearStuck();
    return this.record(retryEvent(this.view.state, a, failed));
  }

  clearStuck(): void {
    if (!this.view.stuck || this.failedStep) return;
    this.view.stuck = false;
    this.view.stuckSince = undefined;
  }

  upsertAttributes(): void {
    upsertSearchAttributes(this.describe.attributes(this.view));
  }

  /** A write that failed: its events from `from` on (its projection's first seq - 1) go out again. */
  unproject(from: number): void {
    this.projected = Math.min(this.projected, from);
  }

  /** Writes this step's projection with `write`; if the write fails, its events go out with the next one. */
  async project<T>(write: (p: CaseProjection) => Promise<T>): Promise<T> {
    const p = this.projection();
    try {
      return await write(p);
    } catch (err) {
      this.unproject(p.version - p.events.length);
      throw err;
    }
  }

  /** The read-model write for this step: the columns, and the events not projected yet. */
  projection(): CaseProjection {
    const v = this.view;
    const events = v.timeline.slice(this.projected);
    this.projected = v.timeline.length;
    return {
      caseId: v.caseId,
      kind: v.kind,
      state: v.state,
      stuck: v.stuck,
      ...(v.stuckSince ? { stuckSince: v.stuckSince } : {}),
      version: v.timeline.length,
      createdAt: v.timeline[0]?.at ?? nowIso(),
      events,
      ...this.describe.columns(v),
    };
  }
}
