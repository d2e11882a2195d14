import type {
  DepartureControlResult,
  TransitGuaranteeView,
  TransitInput,
  TransitView,
} from '../../contracts/transit';
import type { TimelineEvent } from '../../contracts/timeline';
import type { TransitDeclaration } from '../schemas/transit';
import { buildItinerary, type TirOperationEvent } from './itinerary';
import { FINAL_STATES, type MovementFacts } from './rules';

/**
 * A transit movement's state as one value: the case view the API answers, and the flags the process
 * waits on. Plain data; time comes in as ISO strings. Functions named `apply*` (here and in
 * commands.ts) change the movement they are given, like domain/guarantee's, and return the timeline
 * entries the change makes, a `state` entry for a state entered; the workflow records them in order.
 */
export interface MovementState {
  view: TransitView;
  /** The declaration as lodged (IE015): offices, routing, items. */
  declaration: TransitDeclaration;
  /** TIR mode: declaration type TIR or guarantee type B. */
  tir: boolean;
  /** The guarantee reference the next reservation uses: the lodged one, then the amended one. */
  guaranteeRef: GuaranteeRef;
  /** An amendment arrived since the last guarantee refusal. */
  amended: boolean;
  control?: DepartureControlResult;
  enquiryAnswered: boolean;
  resolved: boolean;
  /** Counts state entries, so the SLA watcher sees a state left and entered again. */
  entered: number;
  /** The office of destination's process got the anticipated arrival record: it hears what follows. */
  arrivalRecordSent: boolean;
}

export type GuaranteeRef = TransitDeclaration['guarantee'];

/** A timeline event before the case shell numbers and dates it. */
export type Entry = Omit<TimelineEvent, 'seq' | 'at'>;

export function guaranteeViewOf(g: {
  type: string;
  grn?: string;
  amountToBeCovered?: { currency: string; amount: string };
}): TransitGuaranteeView {
  return {
    type: g.type,
    ...(g.grn ? { grn: g.grn } : {}),
    ...(g.amountToBeCovered
      ? { amount: g.amountToBeCovered.amount, currency: g.amountToBeCovered.currency }
      : {}),
    status: g.type === '0' ? 'NONE' : 'PENDING',
  };
}

/** The movement as lodged, before its first state is entered. */
export function newMovement(input: TransitInput, caseId: string): MovementState {
  const t = input.declaration;
  const tir = t.declarationType === 'TIR' || t.guarantee.type === 'B';
  const view: TransitView = {
    caseId,
    kind: 'transit',
    mrn: input.mrn,
    lrn: t.lrn,
    declarant: t.holder.tin ?? t.holder.name,
    holder: t.holder.tin ?? t.holder.name,
    lodgedBy: input.lodgedBy,
    office: t.officeOfDeparture,
    country: t.officeOfDeparture.slice(0, 2),
    declarationType: t.declarationType,
    mode: tir ? 'TIR' : 'NCTS',
    ...(input.tirCarnetNumber ? { tirCarnetNumber: input.tirCarnetNumber } : {}),
    state: 'LODGED',
    guarantee: guaranteeViewOf(t.guarantee),
    seals: [...(t.transport.seals ?? [])],
    itinerary: buildItinerary(t),
    tirOperations: [],
    incidents: [],
    deadlines: {},
    stuck: false,
    payloadHash: input.payloadHash,
    timeline: [],
  };
  return {
    view,
    declaration: t,
    tir,
    guaranteeRef: { ...t.guarantee },
    amended: false,
    enquiryAnswered: false,
    resolved: false,
    entered: 0,
    arrivalRecordSent: false,
  };
}

/** What the sequence rules (rules.ts) look at. */
export function movementFacts(s: MovementState): MovementFacts {
  const t = s.declaration;
  return {
    state: s.view.state,
    itinerary: s.view.itinerary,
    officeOfDeparture: t.officeOfDeparture,
    officeOfDestination: t.officeOfDestination,
    unloaded: s.view.unloading !== undefined,
  };
}

export const movementClosed = (s: MovementState): boolean => FINAL_STATES.includes(s.view.state);

/** Arrived on time or late, whether the unloading found discrepancies or not. */
export const hasArrived = (s: MovementState): boolean =>
  s.view.state === 'ARRIVED' || s.view.state === 'DISCREPANCIES';

/** TIR operations started or terminated, with the timeline entry of each. */
export function applyTirOperations(
  s: MovementState,
  events: TirOperationEvent[],
  actor: string,
  at: string,
): Entry[] {
  return events.map((e) => {
    s.view.tirOperations.push({ ...e, at });
    return {
      type: `tir-operation-${e.action}`,
      actor,
      reason: `TIR operation ${e.action} in ${e.country} at ${e.office}`,
      data: { country: e.country, office: e.office, carnet: s.view.tirCarnetNumber },
    };
  });
}
