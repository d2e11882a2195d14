import {
  FINAL_DECLARATION_STATES,
  type ControlDecision,
  type DeclarationInput,
  type DeclarationView,
  type IntelligenceHit,
  type Invalidation,
  type Payment,
  type QueryAnswer,
  type Reroute,
} from '../../contracts/declaration';
import type { TimelineEvent } from '../../contracts/timeline';
import type { FailedStep } from '../failed-step';

/** The clock of the state the case waits in: its SLA (breached at most twice) and business deadline. */
export interface SlaClock {
  state: string;
  sla: number;
  nextBreach: number;
  breaches: number;
  deadlineAt?: number;
}

/** Who asked a supervisor action, and why. */
export interface Actor {
  actor: string;
  reason: string;
}

/**
 * The declaration process as one value: the view a query answers, and what the commands hand to the
 * process between its steps (a handler records and sets these; the process reacts and clears them).
 */
export interface DeclarationCase {
  view: DeclarationView;
  /** Goods at the office: false only for a pre-lodged declaration until presented. */
  presented: boolean;
  /** Why the clearance pass must start again (an amendment, or an intelligence hit forcing RED). */
  restart?: 'amendment' | 'intelligence';
  needRisk: boolean;
  riskRound: number;
  /** A GREEN case is in its stand-by window: an officer may still re-route it. */
  standByOpen: boolean;
  /** The control result of the pending control; it stays set until the next control is requested. */
  control?: ControlDecision;
  pendingReroute?: Reroute;
  answer?: QueryAnswer;
  invalidation?: Invalidation;
  /** Why the case must go RED (an intelligence hit before release). */
  forcedRed?: string;
  payments: Payment[];
  /** How many of `payments` the process has applied. */
  paymentsSeen: number;
  /** Intelligence hits after release, for the post-entry audit; `auditsSent` of them were sent. */
  afterRelease: IntelligenceHit[];
  auditsSent: number;
  /** The date duties and risk are computed for (acceptance). */
  acceptanceDate: string;
  supervisorRelease?: Actor;
  cancellation?: Actor;
  /** A supervisor moved the pending deadline: the wait starts again with the new one. */
  rescheduled: boolean;
  /** Set while the case is stuck on a step that failed for good; a retry clears it. */
  failedStep?: FailedStep;
  waiting: SlaClock;
}

const PRE_LODGED_TYPES: readonly string[] = ['D', 'E', 'F'];

export function newDeclarationCase(input: DeclarationInput, caseId: string): DeclarationCase {
  const d = input.declaration;
  return {
    view: {
      caseId,
      kind: 'declaration',
      mrn: input.mrn,
      lrn: d.lrn,
      declarant: d.declarant.tin ?? d.declarant.name,
      lodgedBy: input.lodgedBy,
      office: d.officeOfDeclaration,
      country: d.officeOfDeclaration.slice(0, 2),
      type: d.type,
      state: 'LODGED',
      channelReasons: [],
      amendments: 0,
      paymentsReceived: [],
      intelligenceHits: [],
      auditRequested: false,
      stuck: false,
      escalations: 0,
      payloadHash: input.payloadHash,
      declaration: d,
      timeline: [],
    },
    presented: !PRE_LODGED_TYPES.includes(d.additionalType),
    needRisk: true,
    riskRound: 0,
    standByOpen: false,
    payments: [],
    paymentsSeen: 0,
    afterRelease: [],
    auditsSent: 0,
    acceptanceDate: input.lodgedAt.slice(0, 10),
    rescheduled: false,
    waiting: { state: 'LODGED', sla: input.settings.slaMs, nextBreach: 0, breaches: 0 },
  };
}

export const isFinal = (c: DeclarationCase): boolean => FINAL_DECLARATION_STATES.includes(c.view.state);

/** A case closed to commands: final, or on its way out (invalidation or cancellation requested). */
export const isClosing = (c: DeclarationCase): boolean => isFinal(c) || !!c.invalidation || !!c.cancellation;

/** The view with one more timeline event (append-only: the earlier events are shared, never changed). */
export function withEvent(
  view: DeclarationView,
  e: Omit<TimelineEvent, 'seq' | 'at'>,
  at: string,
): DeclarationView {
  return { ...view, timeline: [...view.timeline, { seq: view.timeline.length + 1, at, ...e }] };
}

/** How the case ends after an invalidation request (a supervisor's cancellation rides the same path). */
export function invalidationEnd(c: DeclarationCase): {
  state: 'CANCELLED' | 'INVALIDATED';
  actor: string;
  reason: string;
} {
  if (c.cancellation)
    return {
      state: 'CANCELLED',
      actor: c.cancellation.actor,
      reason: `cancelled by supervisor: ${c.cancellation.reason}`,
    };
  const inv = c.invalidation!;
  const by = inv.by === 'customs' ? 'invalidated by customs' : "invalidated at the declarant's request";
  return { state: 'INVALIDATED', actor: inv.actor, reason: `${by}: ${inv.reason}` };
}
