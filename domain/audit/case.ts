import type { AuditInput, AuditState, AuditView, AuditWaitingState } from '../../contracts/audit';
import type { ItemFinding } from '../../contracts/audit-assessment';
import type { OutboxMessage } from '../../contracts/projection';
import type { PendingAction, TimelineEvent } from '../../contracts/timeline';

/**
 * A post-entry audit as one value: the view a query answers, the clock of the state it waits in,
 * the outgoing messages its last change made, and what the process must do next (a recomputation,
 * a guarantee charge). Every `apply*` of this folder is a pure function of (case, command or event,
 * time) that returns the next case and leaves the one it was given untouched; the workflow replaces
 * its value in one place and reacts to what is set. Time travels as ISO strings; clocks as epoch ms.
 */

/** The clock of the state the audit waits in: its SLA (breached at most twice) and business deadline. */
export interface AuditClock {
  state: string;
  sla: number;
  nextBreach: number;
  breaches: number;
  deadlineAt?: number;
}

/** A recomputation the process must run (findings recorded, or an appeal partly upheld). */
export interface PendingRecomputation {
  reason: 'findings' | 'appeal';
  findings: ItemFinding[];
}

/** A guarantee charge the process must run: the access code stays out of the view. */
export interface PendingCharge {
  grn: string;
  accessCode: string;
  actor: string;
  reason: string;
}

export interface AuditCase {
  input: AuditInput;
  view: AuditView;
  waiting: AuditClock;
  /** A supervisor or the trader moved the pending deadline: the wait starts again with the new one. */
  rescheduled: boolean;
  /** Counts state entries: the process waits for the next one. */
  entered: number;
  recompute?: PendingRecomputation;
  charge?: PendingCharge;
  /** Messages made by the last changes, not yet handed to the outbox. */
  outbox: OutboxMessage[];
}

export type Entry = Omit<TimelineEvent, 'seq' | 'at'>;

export const ms = (iso: string): number => Date.parse(iso);
export const isoAt = (epochMs: number): string => new Date(epochMs).toISOString();

export function newAuditCase(input: AuditInput, caseId: string): AuditCase {
  return {
    input,
    view: {
      caseId,
      kind: 'audit',
      auditId: input.auditId,
      auditKind: input.kind,
      source: input.source,
      state: 'OPENED',
      country: input.country,
      office: input.office,
      owner: input.owner,
      declarant: input.declarant,
      currency: input.currency,
      auditor: input.auditor,
      requestedBy: input.requestedBy,
      reason: input.reason,
      declarations: input.declarations.map((d) => d.mrn),
      documentRequests: [],
      stuck: false,
      escalations: 0,
      timeline: [],
    },
    waiting: { state: 'OPENED', sla: input.settings.slaMs, nextBreach: 0, breaches: 0 },
    rescheduled: false,
    entered: 0,
    outbox: [],
  };
}

export const isClosed = (c: AuditCase): boolean => c.view.state === 'CLOSED';

/** The case with one more timeline event (append-only: earlier events are shared, never changed). */
export function withEvent(c: AuditCase, e: Entry, at: string): AuditCase {
  const timeline = [...c.view.timeline, { seq: c.view.timeline.length + 1, at, ...e }];
  return { ...c, view: { ...c.view, timeline } };
}

/** The sequence number the next timeline event gets: it keys the messages that event sends. */
export const nextSeq = (c: AuditCase): number => c.view.timeline.length + 1;

/** A message for the trader's clearance system or the office's supervisor, keyed by the event it follows. */
export function withMessage(
  c: AuditCase,
  to: 'trader' | 'supervisor',
  type: string,
  payload: Record<string, unknown>,
): AuditCase {
  const seq = c.view.timeline.length;
  const v = c.view;
  const destination = to === 'trader' ? `clearance-system:${v.owner}` : `supervisor:${v.office}`;
  const message: OutboxMessage = {
    messageId: `${v.caseId}/${type}/${seq}`,
    caseId: v.caseId,
    destination,
    type,
    payload: { auditId: v.auditId, caseId: v.caseId, state: v.state, seq, ...payload },
  };
  return { ...c, outbox: [...c.outbox, message] };
}

/**
 * Enters `state`: leaves the stuck mark, records the entry, and for a waiting state starts its clock
 * and names the pending action. The SLA (from settings) runs from the business deadline when the
 * state has one (`slaFrom`, else `deadlineAt`), from now otherwise.
 */
export function enter(
  c: AuditCase,
  state: AuditState,
  at: string,
  e: { actor: string; reason: string; data?: Record<string, unknown> },
  waitFor?: { pending: PendingAction; deadlineAt?: number; slaFrom?: number },
): AuditCase {
  const now = ms(at);
  const s = c.input.settings;
  const sla = s.slaByStateMs?.[state as AuditWaitingState] ?? s.slaMs;
  // The trader's own time (documents, comments, appeal) is no delay of the administration's.
  const from = Math.max(now, waitFor?.slaFrom ?? waitFor?.deadlineAt ?? now);
  const waiting: AuditClock = {
    state,
    sla,
    nextBreach: from + sla,
    breaches: 0,
    ...(waitFor?.deadlineAt !== undefined ? { deadlineAt: waitFor.deadlineAt } : {}),
  };
  const deadline = waitFor ? isoAt(waitFor.deadlineAt ?? waiting.nextBreach) : undefined;
  const { stuckSince: _s, pending: _p, ...rest } = c.view;
  const view: AuditView = {
    ...rest,
    state,
    stuck: false,
    ...(waitFor ? { pending: { ...waitFor.pending, deadline } } : {}),
  };
  const next = { ...c, view, waiting, entered: c.entered + 1, rescheduled: false };
  return withEvent(next, { type: 'state', state, ...e }, at);
}
