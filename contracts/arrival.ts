import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { TimelineEvent } from './timeline';

/**
 * A message from one side of a movement to the other (the departure office's process to the office of
 * destination's, or a partner administration's system to ours). The message id is the idempotency
 * key: the inbox stores it once and the receiving process applies it once.
 */
export interface ExchangeMessage {
  messageId: string;
  /** NCTS-style code or record name: ANTICIPATED_ARRIVAL_RECORD, IE043, IE140, IE045. */
  type: string;
  /** `office:<code>` or `partner:<country>`. */
  from: string;
  sentAt: string;
  payload: Record<string, unknown>;
}

export type ArrivalRecordState = 'ANTICIPATED' | 'ARRIVED' | 'ENQUIRY' | 'WRITTEN_OFF';

/**
 * The office of destination's side of a transit movement (`arrival/<MRN>`): the anticipated arrival
 * record it received at release, what it has been told since, and how the movement ended. It lives in
 * the destination country's scope, so that administration's supervisors find it in their work list.
 */
export interface ArrivalRecordView {
  caseId: string;
  kind: 'arrival';
  mrn: string;
  /** The office of destination. */
  office: string;
  country: string;
  /** The departure side: `transit/<MRN>`. */
  movementCaseId: string;
  officeOfDeparture?: string;
  state: ArrivalRecordState;
  holder?: unknown;
  itinerary?: string[];
  seals?: string[];
  /** The transit time limit: the goods are expected by then. */
  expectedBy?: string;
  items?: unknown[];
  transport?: unknown;
  closure?: string;
  /** Message ids applied, in order; a repeated id is ignored and counted. */
  received: { messageId: string; type: string; from: string; at: string }[];
  duplicatesIgnored: number;
  stuck: boolean;
  stuckSince?: string;
  timeline: TimelineEvent[];
}

export interface ArrivalRecordInput {
  mrn: string;
  officeOfDestination: string;
  movementCaseId: string;
}

export const exchangeMessage = defineSignal<[ExchangeMessage]>('exchangeMessage');
export const arrivalRecordView = defineQuery<ArrivalRecordView>('caseView');
