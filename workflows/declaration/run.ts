import { workflowInfo } from '@temporalio/workflow';
import {
  CaseKind,
  CaseState,
  Channel as ChannelAttr,
  Country,
  Office,
  Stuck,
  StuckSince,
  type DeclarationInput,
  type DeclarationSettings,
  type DeclarationState,
  type DeclarationView,
  type WaitingState,
} from '../../contracts';
import type { CaseProjection, OutboxMessage } from '../../contracts/projection';
import type { DeclarationAssessment } from '../../activities/declaration';
import type { PendingAction } from '../../contracts/timeline';
import {
  applyRetry,
  applyStepFailure,
  invalidationEnd,
  type DeclarationCase,
} from '../../domain/declaration';
import { declarationSubjects } from '../../domain/alert/subject';
import { subjectAttributes } from '../alert/subjects';
import { CaseShell, isoAt } from '../shell/case';
import { untilDone } from '../shell/failed-step';
import { replaceContents } from '../shell/live';
import { waitingIn } from '../shell/sla';
import { decisionMessage } from './decisions';
import { acts, local, localWrite } from './proxies';

/**
 * One declaration run: the live case value, its shell, and the steps every part of the process
 * shares (transition, waiting, publishing, ending). `lean` and `paymentsOnce` are decided once at
 * the start (`patched('declaration-lean-history')`, `patched('declaration-payment-reference-once')`,
 * or for runs begun since, `patched('declaration-baseline-2026-12')`):
 * histories begun before them keep their commands exactly.
 */
export interface Run {
  input: DeclarationInput;
  s: DeclarationSettings;
  caseId: string;
  c: DeclarationCase;
  shell: CaseShell<DeclarationView>;
  lean: boolean;
  /** Payments are keyed by their reference: a repeat counts once (domain/declaration/payment.ts). */
  paymentsOnce: boolean;
  /** A write that fails for good marks the case stuck until retried (`declaration-stuck-on-failed-write`). */
  guarded: boolean;
  /** Vehicle, containers and TINs are search attributes (`declaration-alert-subjects`, docs/alerts.md). */
  alertSubjects: boolean;
  /**
   * One read-model write per workflow task (`declaration-one-write-per-task`): the steps of a task
   * queue their messages and the write happens when the task is about to wait or the run ends.
   */
  oneWrite: boolean;
  /** Messages of the steps since the last write, and whether a write is due (one-write runs). */
  unwritten: OutboxMessage[];
  writeDue: boolean;
  /** A released export awaits its exit confirmation (`declaration-export-exit`, exit.ts). */
  exportExit: boolean;
  /** The first pass takes risk and duties from one local activity (`declaration-one-assessment`). */
  oneAssessment: boolean;
  /** Duties assessed with the first pass's risk, for the declaration they were assessed on. */
  prefetched?: { declaration: DeclarationView['declaration']; result: DeclarationAssessment };
  /** The search attributes changed since the last upsert (lean runs only). */
  attributesDirty: boolean;
  /** Decisions sent so far by type (lean runs): the message id of the next one of that type. */
  decisionsSent: Record<string, number>;
}

export type Outcome = 'done' | 'restart';

export function newRun(
  input: DeclarationInput,
  caseId: string,
  c: DeclarationCase,
  patches: {
    lean: boolean;
    paymentsOnce: boolean;
    guarded: boolean;
    alertSubjects: boolean;
    oneWrite: boolean;
    exportExit: boolean;
    oneAssessment: boolean;
  },
): Run {
  const shell = new CaseShell<DeclarationView>(c.view, {
    attributes: (v) => [
      { key: CaseKind, value: 'declaration' },
      { key: CaseState, value: v.state },
      { key: ChannelAttr, value: v.channel ?? null },
      { key: Office, value: v.office },
      { key: Country, value: v.country },
      { key: Stuck, value: v.stuck },
      { key: StuckSince, value: v.stuckSince ? new Date(v.stuckSince) : null },
      ...(patches.alertSubjects ? subjectAttributes(declarationSubjects(v.declaration)) : []),
    ],
    columns: (v) => ({
      businessId: v.mrn,
      ...(v.channel ? { channel: v.channel } : {}),
      office: v.office,
      country: v.country,
      declarant: v.declarant,
      owner: v.lodgedBy,
      lrn: v.lrn,
      // What read-model queries use (statistics: arrival; simulator: control and payment).
      details: {
        mrn: v.mrn,
        ...(v.control ? { control: v.control } : {}),
        ...(v.payment ? { payment: v.payment } : {}),
        declaration: { arrivedAt: v.declaration.arrivedAt ?? null },
      },
    }),
  });
  return {
    input,
    s: input.settings,
    caseId,
    c,
    shell,
    ...patches,
    attributesDirty: false,
    decisionsSent: {},
    unwritten: [],
    writeDue: false,
  };
}

/** Takes the value a pure apply function returned as the case's current state. */
export function commit(r: Run, next: DeclarationCase): void {
  replaceContents(r.c, next, ['view', 'waiting']);
}

/**
 * Lean runs upsert when the task is about to wait (or the run ends): states passed within one task
 * are never visible, and each upsert is a history event. Older histories upserted at every change.
 */
export function attributesChanged(r: Run): void {
  if (r.lean) r.attributesDirty = true;
  else r.shell.upsertAttributes();
}

export function flushAttributes(r: Run): void {
  if (!r.attributesDirty) return;
  r.attributesDirty = false;
  r.shell.upsertAttributes();
}

export function transition(r: Run, state: DeclarationState, actor: string, reason: string): void {
  const v = r.c.view;
  v.pending = undefined;
  const withChannel = v.channel && state !== 'LODGED' && state !== 'ACCEPTED';
  r.shell.enter(state, actor, reason, withChannel ? { channel: v.channel } : undefined);
  attributesChanged(r);
}

/** Enters a waiting state: the pending action, its deadline (business deadline or SLA), the SLA clock. */
export function enter(
  r: Run,
  state: WaitingState | 'HELD',
  reason: string,
  pending: PendingAction,
  deadlineMs?: number,
): void {
  transition(r, state, 'system', reason);
  const sla = r.s.slaByStateMs?.[state as WaitingState] ?? r.s.slaMs;
  replaceContents(r.c.waiting, waitingIn(state, sla, deadlineMs));
  const w = r.c.waiting;
  r.c.view.pending = { ...pending, deadline: isoAt(w.deadlineAt ?? w.nextBreach) };
}

/**
 * The read model for this step and, with `decision`, the decision for the clearance system. In
 * one-write runs both wait for the task's single write (`flushWrite`): a green case's first task
 * writes once instead of four times.
 */
export async function publish(r: Run, decision?: string): Promise<void> {
  const messages = decision ? [decisionMessage(r, decision)] : [];
  if (r.oneWrite) return queueWrite(r, messages);
  if (r.lean) return write(r, messages);
  await acts.projectCase(r.shell.projection());
  if (messages.length) await acts.enqueueDeclarationMessages(messages);
}

/** Outgoing messages that are not a step's decision (post-entry audit requests). */
export async function send(r: Run, messages: OutboxMessage[]): Promise<void> {
  if (r.oneWrite) return queueWrite(r, messages);
  if (r.lean) return write(r, messages);
  await acts.enqueueDeclarationMessages(messages);
}

function queueWrite(r: Run, messages: OutboxMessage[]): void {
  r.unwritten.push(...messages);
  r.writeDue = true;
}

/** The write the steps since the last one queued: the events since then and their messages, in one transaction. */
export async function flushWrite(r: Run): Promise<void> {
  if (!r.writeDue) return;
  r.writeDue = false;
  await write(r, r.unwritten.splice(0));
}

/**
 * The read model and the step's messages in one transaction (lean runs). In guarded runs a write
 * that fails for good (a data error at once, anything else after `localWrite`'s attempts) marks the
 * case stuck with the reason and waits for a supervisor's `retry`, or after a transient failure
 * `stepRetryMs`, then writes again, with the events of the failed write and those since
 * (shell/failed-step.ts).
 */
async function write(r: Run, messages: OutboxMessage[]): Promise<void> {
  if (!r.guarded) return local.publishCase(leanProjection(r), messages);
  return untilDone(
    'read-model write',
    () => r.shell.project((p) => localWrite.publishCase(withEpoch(p), messages)),
    {
      fail: (step) => {
        commit(r, applyStepFailure(r.c, step, isoAt(Date.now())));
        attributesChanged(r);
        flushAttributes(r);
      },
      retried: () => !r.c.failedStep,
      autoRetryMs: r.s.stepRetryMs,
      retryAutomatically: () => {
        const automatic = {
          signal: 'retry',
          actor: 'system',
          role: 'system',
          reason: 'automatic retry',
        } as const;
        commit(r, applyRetry(r.c, automatic, isoAt(Date.now())));
      },
      resumed: () => attributesChanged(r),
    },
  );
}

/**
 * A local activity's write stands until a later workflow task's: the epoch orders the writes of a
 * task that replaced a lost one after the lost one's (activities/projections/cases.ts).
 */
function leanProjection(r: Run) {
  return withEpoch(r.shell.projection());
}

function withEpoch(p: CaseProjection): CaseProjection {
  return { ...p, epoch: workflowInfo().historyLength };
}

/** Enters a final state, projects it and queues the decision for the clearance system. */
export async function end(r: Run, state: DeclarationState, actor: string, reason: string): Promise<'done'> {
  transition(r, state, actor, reason);
  await publish(r, state.toLowerCase().replace('_', '-'));
  return 'done';
}

export function endInvalidated(r: Run): Promise<'done'> {
  const e = invalidationEnd(r.c);
  return end(r, e.state, e.actor, e.reason);
}
