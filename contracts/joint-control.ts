import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Channel } from '../domain/channels';
import type { PendingAction, TimelineEvent } from './timeline';

/**
 * Joint control at facing border posts (`joint-control/<border>/<MRN>`, docs/joint-control.md): the
 * exit formalities of one administration and the entry formalities of the facing one, in one stop.
 */

export type JointControlState =
  | 'ARRIVED'
  | 'AWAITING_INSPECTION'
  | 'INSPECTION_BOOKED'
  | 'EXIT_CONFIRMED'
  | 'ENTRY_REINSPECTION'
  | 'ENTRY_ACCEPTED'
  | 'ENTRY_REFUSED'
  | 'EXIT_REFUSED';

export const JOINT_CONTROL_CLOSED: readonly JointControlState[] = [
  'ENTRY_ACCEPTED',
  'ENTRY_REFUSED',
  'EXIT_REFUSED',
];

export interface JointControlSettings {
  /** SLA of each waiting state: a breach marks the case stuck, a second escalates. */
  slaMs: number;
}

/** A side of the border pair: the office, its country (administration) and its role at this crossing. */
export interface JointSide {
  office: string;
  country: string;
}

/**
 * What the movement carries that the joint post decides on, taken from the movement when it arrived:
 * a transit movement (`transit/<MRN>`), or a released export declaration (`declaration/<MRN>`) whose
 * exporter stands as the holder (docs/joint-control.md, "Export declarations").
 */
export interface JointMovementFacts {
  kind: 'transit' | 'export';
  mrn: string;
  holderTin?: string;
  holderName: string;
  aeo: boolean;
  seals: string[];
  /** False when a crossing or an incident recorded broken seals, or new seals replaced them. */
  sealsIntact: boolean;
  routeCountries: string[];
  vehicleRegistration?: string;
  containers: string[];
}

export interface JointControlInput {
  border: string;
  exit: JointSide;
  entry: JointSide;
  movement: JointMovementFacts;
  goods: JointGoods;
  /** The principal who recorded the arrival at the exit post, and when. */
  arrivedBy: string;
  arrivedAt: string;
  settings: JointControlSettings;
}

/** One administration's risk decision, by its own profile. */
export interface SideDecision {
  country: string;
  office: string;
  channel: Channel;
  profileId: string;
  profileVersion: number;
  /** Why: the rules hit, the score against the thresholds, the random draw. */
  reasons: string[];
}

/** The risk request of one side: the movement's facts as that administration's engine reads them. */
export interface JointRiskRequest {
  side: JointSide;
  movement: JointMovementFacts;
  /** The workflow id: the random draw's seed and, with the side, the key the decision is kept under. */
  seed: string;
  eventKey: string;
  goods: JointGoods;
}

/** The goods, documents and mass the risk engines read, copied from the movement's declaration. */
export interface JointGoods {
  items: { seq: number; hsCode: string; description?: string; grossMassKg?: string }[];
  documentCodes: string[];
  grossMassKg?: string;
}

export interface InspectionOfficer {
  country: string;
  officer: string;
}

export interface JointInspection {
  kind: 'PHYSICAL' | 'DOCUMENTARY';
  bookedAt: string;
  bookedBy: string;
  slot: string;
  result?: 'CONFORM' | 'NON_CONFORM';
  findings?: string;
  officers?: InspectionOfficer[];
  sealsIntact?: boolean;
  recordedAt?: string;
  recordedBy?: string;
}

export interface JointControlView {
  caseId: string;
  kind: 'joint-control';
  border: string;
  mrn: string;
  exit: JointSide;
  entry: JointSide;
  movement: JointMovementFacts;
  state: JointControlState;
  /** Each side's decision by its own profile, then the channel that applies: the stricter one. */
  decisions?: { exit: SideDecision; entry: SideDecision };
  channel?: Channel;
  /** Why the combined channel is what it is (which side set it). */
  channelReason?: string;
  /** Sealed, green and AEO: both sides confirm from data, no stop. */
  noStop?: boolean;
  inspection?: JointInspection;
  reinspection?: {
    requestedAt: string;
    requestedBy: string;
    reason: string;
    result?: 'CONFORM' | 'NON_CONFORM';
    findings?: string;
    recordedAt?: string;
    recordedBy?: string;
  };
  exitConfirmedAt?: string;
  entryDecidedAt?: string;
  /** The movement's own process: crossings recorded there (the exit office, then the entry office). */
  movementCrossings: { office: string; at: string; ok: boolean; reason?: string }[];
  arrivedAt: string;
  pending?: PendingAction;
  stuck: boolean;
  stuckSince?: string;
  escalations: number;
  timeline: TimelineEvent[];
}

export interface BookInspection {
  actor: string;
  country: string;
  slot: string;
}
export interface RecordJointInspection {
  actor: string;
  country: string;
  result: 'CONFORM' | 'NON_CONFORM';
  officers: InspectionOfficer[];
  sealsIntact: boolean;
  findings?: string;
}
export interface AcceptEntry {
  actor: string;
  country: string;
}
export interface RequestReinspection {
  actor: string;
  country: string;
  reason: string;
}
export interface RecordReinspection {
  actor: string;
  country: string;
  result: 'CONFORM' | 'NON_CONFORM';
  findings?: string;
}

export const jointControlView = defineQuery<JointControlView>('caseView');
export const bookJointInspection = defineUpdate<JointControlView, [BookInspection]>('bookJointInspection');
export const recordJointInspection = defineUpdate<JointControlView, [RecordJointInspection]>(
  'recordJointInspection',
);
export const acceptJointEntry = defineUpdate<JointControlView, [AcceptEntry]>('acceptJointEntry');
export const requestEntryReinspection = defineUpdate<JointControlView, [RequestReinspection]>(
  'requestEntryReinspection',
);
export const recordEntryReinspection = defineUpdate<JointControlView, [RecordReinspection]>(
  'recordEntryReinspection',
);

/** Messages to the partner administration (`partner:<cc>`), through the exchange outbox. */
export const JOINT_MESSAGES = {
  opened: 'JOINT_CONTROL_OPENED',
  decided: 'JOINT_CONTROL_DECISION',
  inspected: 'JOINT_INSPECTION_RESULT',
  exitConfirmed: 'JOINT_EXIT_CONFIRMED',
  entryAccepted: 'JOINT_ENTRY_ACCEPTED',
  reinspection: 'JOINT_ENTRY_REINSPECTION',
  entryRefused: 'JOINT_ENTRY_REFUSED',
} as const;

/** The crossing to record on the movement's own process, once exit or entry is recognised. */
export interface MovementCrossingRequest {
  /** The joint control recording it: the movement lets it through its joint-post guard. */
  jointControl: string;
  /** An export: the exit is confirmed on `declaration/<MRN>` (`confirmExit`); absent for transit. */
  kind?: 'export';
  mrn: string;
  office: string;
  officer: string;
  sealsIntact: boolean;
}
export type MovementCrossingOutcome = { ok: true } | { ok: false; reason: string };

/**
 * To the movement (`transit/<MRN>`) when its joint control starts: from then on a crossing at either
 * post is recorded by the joint control only (workflows/transit/joint-post.ts).
 */
export interface JointPostNotice {
  jointControl: string;
  border: string;
  offices: string[];
}
export const jointControlOpened = defineSignal<[JointPostNotice]>('jointControlOpened');
