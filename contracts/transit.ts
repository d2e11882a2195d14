import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Stop, TirOperationEvent } from '../domain/transit/itinerary';
import type { TransitState, TransitWaitingState } from '../domain/transit/rules';
import type { TransitDeclaration } from '../domain/schemas/transit';
import type { PendingAction, TimelineEvent } from './timeline';

/** What a transit workflow gets as `settings` (milliseconds, resolved for the route by the API). */
export interface TransitSettings {
  timeLimitMs: number;
  amendmentDeadlineMs: number;
  enquiryResponseMs: number;
  discrepancyResolutionMs: number;
  /** SLA per waiting state, for the office acting in it (absent in movements lodged before SLAs existed). */
  slaByStateMs?: Partial<Record<TransitWaitingState, number>>;
}

export interface TransitInput {
  mrn: string;
  declaration: TransitDeclaration;
  tirCarnetNumber?: string;
  payloadHash: string;
  lodgedAt: string;
  lodgedBy: string;
  settings: TransitSettings;
}

export interface TransitGuaranteeView {
  type: string;
  grn?: string;
  amount?: string;
  currency?: string;
  /** NONE for a waiver (type 0). */
  status: 'PENDING' | 'RESERVED' | 'REFUSED' | 'RELEASED' | 'CHARGED' | 'NONE';
  refusal?: string;
  reservedAt?: string;
  charged?: string;
  uncovered?: string;
}

export interface Incident {
  seq: number;
  at: string;
  type: string;
  description: string;
  country: string;
  office?: string;
  by: string;
  newSeals?: string[];
}

export interface Discrepancy {
  itemSeq?: number;
  description: string;
}

export interface RecoveryView {
  basis: 'NON_ARRIVAL' | 'UNRESOLVED_DISCREPANCIES';
  country: string;
  date: string;
  nationalCurrency: string;
  total: string;
  amount: string;
  currency: string;
  itemSeqs: number[];
  charged?: string;
  uncovered?: string;
}

/** The case view of a transit movement, returned by `caseView` and by GET /v1/transits/{mrn}. */
export interface TransitView {
  caseId: string;
  kind: 'transit';
  mrn: string;
  lrn: string;
  declarant: string;
  holder: string;
  /** The owner: principal (`sub`) of the clearance system that lodged it, from the workflow input. */
  lodgedBy: string;
  office: string;
  country: string;
  declarationType: string;
  mode: 'NCTS' | 'TIR';
  tirCarnetNumber?: string;
  state: TransitState;
  channel?: string;
  controlReasons?: string[];
  /** How a WRITTEN_OFF movement was closed. */
  closure?: 'ARRIVAL' | 'ENQUIRY_PROOF' | 'RECOVERY';
  guarantee: TransitGuaranteeView;
  seals: string[];
  itinerary: Stop[];
  tirOperations: (TirOperationEvent & { at: string })[];
  incidents: Incident[];
  arrival?: { office: string; at: string; by: string };
  unloading?: {
    office: string;
    at: string;
    by: string;
    conform: boolean;
    discrepancies: Discrepancy[];
    resolution?: string;
  };
  enquiry?: {
    openedAt: string;
    answer?: { at: string; by: string; proof?: EnquiryProof; explanation?: string };
  };
  recovery?: RecoveryView;
  /** The holder's invalidation request (IE014), accepted before release. */
  invalidation?: { requestedAt: string; by: string; justification?: string };
  /** A pre-lodged declaration's goods presented at the office of departure (IE170). */
  presentation?: { at: string; by: string; office: string; location?: string };
  deadlines: {
    amendment?: string;
    transitTimeLimit?: string;
    enquiryResponse?: string;
    discrepancyResolution?: string;
  };
  pending?: PendingAction;
  stuck: boolean;
  stuckSince?: string;
  /** SLA escalations (second breach in a waiting state). */
  escalations?: number;
  payloadHash: string;
  timeline: TimelineEvent[];
}

export const transitView = defineQuery<TransitView>('caseView');

export interface BorderCrossing {
  office: string;
  officer: string;
  sealsIntact?: boolean;
  /** Set by a joint control recording the crossing at its posts (contracts/joint-control.ts). */
  jointControl?: string;
}
export interface IncidentReport {
  type: string;
  description: string;
  country: string;
  office?: string;
  officer: string;
  /** Seals affixed after a transhipment or an opened load. */
  newSeals?: string[];
}
export interface ArrivalNotification {
  office: string;
  officer: string;
}
export interface UnloadingRemarks {
  office: string;
  officer: string;
  conform: boolean;
  discrepancies?: Discrepancy[];
}
export interface DiscrepancyResolution {
  office: string;
  officer: string;
  resolution: string;
}
export interface EnquiryProof {
  /** e.g. a destination office's endorsement, an import declaration MRN, a customs document. */
  kind: string;
  reference: string;
  office?: string;
}
export interface EnquiryResponse {
  by: string;
  /** Proof that the goods reached a customs office or left the customs territory: closes the movement. */
  proof?: EnquiryProof;
  explanation?: string;
}
export interface GuaranteeAmendment {
  by: string;
  guarantee: {
    type: string;
    grn?: string;
    accessCode?: string;
    amountToBeCovered?: { currency: string; amount: string };
  };
}
export interface DepartureControlResult {
  office: string;
  officer: string;
  result: 'CONFORM' | 'NON_CONFORM';
  seals?: string[];
  reason?: string;
}

/** IE014: the holder asks to invalidate a declaration not yet released for transit. */
export interface InvalidationRequest {
  by: string;
  justification?: string;
}

/** IE170: the goods of a pre-lodged declaration are presented at the office of departure. */
export interface PresentationNotification {
  by: string;
  office: string;
  /** Where the goods are, in words (NCTS LocationOfGoods). */
  location?: string;
}

export const recordBorderCrossing = defineUpdate<TransitView, [BorderCrossing]>('recordBorderCrossing');
export const recordIncident = defineUpdate<TransitView, [IncidentReport]>('recordIncident');
export const notifyArrival = defineUpdate<TransitView, [ArrivalNotification]>('notifyArrival');
export const recordUnloadingRemarks = defineUpdate<TransitView, [UnloadingRemarks]>('recordUnloadingRemarks');
export const resolveDiscrepancies = defineUpdate<TransitView, [DiscrepancyResolution]>(
  'resolveDiscrepancies',
);
export const answerEnquiry = defineUpdate<TransitView, [EnquiryResponse]>('answerEnquiry');
export const amendTransitGuarantee = defineUpdate<TransitView, [GuaranteeAmendment]>('amendGuarantee');
export const recordDepartureControl = defineUpdate<TransitView, [DepartureControlResult]>(
  'recordDepartureControl',
);
export const requestInvalidation = defineUpdate<TransitView, [InvalidationRequest]>('requestInvalidation');
export const presentTransitGoods = defineUpdate<TransitView, [PresentationNotification]>('presentGoods');
